// Tests of log_text: a client's text in a log line holds no card number and is bounded.
#include "core/log_text.h"

#include <doctest/doctest.h>

using kopilka::core::log_text;

TEST_CASE("card numbers in a client's text are masked before it is logged") {
  CHECK(log_text("2 2000000000015 BBBB") == "2 ****0015 BBBB");
  CHECK(log_text("r-1a2b:41") == "r-1a2b:41");  // a journal number is no card
  CHECK(log_text("card 2000000000015;") == "card ****0015;");
  CHECK(log_text("12345678901") == "12345678901");
  CHECK(log_text("").empty());
}

TEST_CASE("a long text is cut at a character with its length said") {
  CHECK(log_text(std::string(60000, 'B')) == std::string(200, 'B') + "… (60000 bytes)");
  // Cyrillic is two bytes a letter: the cut never splits one.
  std::string cyrillic;
  for (int i = 0; i < 150; ++i) cyrillic += "ж";
  const std::string logged = log_text(cyrillic);
  CHECK(logged == std::string(cyrillic, 0, 200) + "… (300 bytes)");
  CHECK(log_text(std::string(201, 'x'), 200).size() == 200 + std::string("… (201 bytes)").size());
  // Digits past the cut are never read into the line.
  CHECK(log_text(std::string(199, 'x') + "2000000000015") ==
        std::string(199, 'x') + "*… (212 bytes)");
}

TEST_CASE("a bank card's number in any form, or a track 1, is not logged at all") {
  // Grouped numbers once went through whole, and a track 1 kept its holder's name.
  const std::string none = "[a bank card's data, not logged: ";
  CHECK(log_text("2 4111111111111111 BBBB") == none + "23 bytes]");
  CHECK(log_text("r-other:4111 1111 1111 1111") == none + "27 bytes]");
  CHECK(log_text("4111-1111-1111-1111") == none + "19 bytes]");
  CHECK(log_text("%B4111111111111111^IVANOV/IVAN^2512") == none + "35 bytes]");
  CHECK(log_text("r-1:%B1234^IVANOV/IVAN^") == none + "23 bytes]");  // no valid number: the name
  CHECK(log_text(";4111111111111111=2512?") == none + "23 bytes]");  // track 2
  CHECK(log_text(std::string(300, 'x') + "4111111111111111") == none + "316 bytes]");
  CHECK(log_text("100%Bonus") == "100%Bonus");
}
