// Tests of core/card_number: length, EAN and Luhn checks.
#include "core/card_number.h"

#include <doctest/doctest.h>

#include <string>

using namespace kopilka::core;

TEST_CASE("card numbers are 4 to 32 digits") {
  CHECK(is_card_number("2000000000015"));
  CHECK(is_card_number("1234"));
  CHECK_FALSE(is_card_number("123"));
  CHECK_FALSE(is_card_number(std::string(33, '1')));
  CHECK_FALSE(is_card_number("12a4"));
  CHECK_FALSE(is_card_number(""));
}

TEST_CASE("the API takes a loyalty card's number, never a bank card's, and never echoes it") {
  CHECK(check_card_number("2000000000015", "card").is_ok());
  CHECK(check_card_number("4111111111111112", "card").is_ok());  // fails Luhn: no bank card
  const Status bank = check_card_number("4111111111111111", "card");
  CHECK(bank.code() == Code::kInvalid);
  CHECK(bank.field() == "card");
  CHECK(bank.message().find("4111") == std::string::npos);
  CHECK(check_card_number("12a4", "number").field() == "number");
  // Zero-padded, as a reader of fixed width sends it: created as a card at head office and
  // sent to every register.
  for (const char* padded : {"004111111111111111", "0004111111111111111", "00378282246310005"})
    CHECK(check_card_number(padded, "card").field() == "card");
}

TEST_CASE("EAN check digits") {
  CHECK(ean_check_ok("4006381333931"));  // a real EAN-13
  CHECK(ean_check_ok("2000000000015"));
  CHECK_FALSE(ean_check_ok("4006381333932"));
  CHECK(ean_check_ok("96385074"));  // a real EAN-8
  CHECK_FALSE(ean_check_ok("96385075"));
  CHECK_FALSE(ean_check_ok("400638133393"));  // 12 digits is neither
}

TEST_CASE("Luhn") {
  CHECK(luhn_ok("4111111111111111"));
  CHECK(luhn_ok("79927398713"));
  CHECK_FALSE(luhn_ok("79927398710"));
  CHECK_FALSE(luhn_ok("7"));
}

TEST_CASE("a card number is shown with its last four digits only") {
  CHECK(kopilka::core::masked_card("2000000000015") == "****0015");
  CHECK(kopilka::core::masked_card("1234") == "****");
  CHECK(kopilka::core::masked_card("") == "****");
}
