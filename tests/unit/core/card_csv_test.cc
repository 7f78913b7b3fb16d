// core/card_csv.h, the CSV parser `kopilka card import` shares with head office: quoting,
// a BOM, bad lines reported with their line and field, and the bodies sent for good lines.
#include <doctest/doctest.h>

#include <sstream>

#include "core/card_csv.h"

namespace kopilka::core {
namespace {

Result<CardCsv> parse(const std::string& text, bool stop = false) {
  std::istringstream in(text);
  return parse_card_csv(in, stop);
}

TEST_CASE("good lines become admin card bodies; quoted commas and doubled quotes survive") {
  auto csv = parse(
      "\xEF\xBB\xBFnumber,name,groups,phone,birthday\r\n"
      "2000000000015,\"Иванова, Анна \"\"Аня\"\"\",vip;staff,+79991234567,1990-12-01\r\n"
      "\r\n"
      "2000000000022,,,,\n");
  REQUIRE(csv.ok());
  CHECK(csv->lines == 2);
  CHECK(csv->errors.empty());
  REQUIRE(csv->rows.size() == 2);
  CHECK(csv->rows[0].line == 2);
  CHECK(csv->rows[0].body == Json::parse(R"({"groups": ["vip", "staff"], "customer":
      {"name": "Иванова, Анна \"Аня\"", "phone": "+79991234567", "birthday": "1990-12-01"}})"));
  CHECK(csv->rows[1].line == 4);
  CHECK(csv->rows[1].number == "2000000000022");
  CHECK(csv->rows[1].body == Json::object());
}

TEST_CASE("bad lines are reported by line and field and the rest kept") {
  auto csv = parse(
      "number,phone,status\n"
      "2000000000015,12,\n"
      "12ab,,\n"
      "2000000000022,,asleep\n"
      "2000000000039,,,extra\n"
      "2000000000046,,blocked\n");
  REQUIRE(csv.ok());
  REQUIRE(csv->errors.size() == 4);
  CHECK(csv->errors[0].text().rfind("line 2: customer.phone: ", 0) == 0);
  CHECK(csv->errors[1].text() == "line 3: number: a card number is 4 to 32 digits");
  CHECK(csv->errors[2].line == 4);
  CHECK(csv->errors[2].field == "status");
  CHECK(csv->errors[3].text() == "line 5: has 4 fields, the header 3");
  REQUIRE(csv->rows.size() == 1);
  CHECK(csv->rows[0].number == "2000000000046");
}

TEST_CASE("stop_at_first_error ends at the first bad line") {
  auto csv = parse("number\n1234\nxx\n5678\n", true);
  REQUIRE(csv.ok());
  CHECK(csv->errors.size() == 1);
  CHECK(csv->rows.size() == 1);
}

TEST_CASE("a bad header fails the whole file, naming the column") {
  CHECK(parse("").status().message() == "the file is empty");
  auto unknown = parse("number,colour\n1234,red\n");
  CHECK(!unknown.ok());
  CHECK(unknown.status().message().find("\"colour\"") != std::string::npos);
  CHECK(parse("name\nАнна\n").status().message() == "the header has no \"number\" column");
}

// A bank card's number in an import was stored at head office and sent to every register,
// where every other way in refuses it; the refusal never repeats the number.
TEST_CASE("a bank card's number is refused line by line and not repeated") {
  auto csv = parse("number,name\n4000000000000002,Visa\n2000000000046,Анна\n");
  REQUIRE(csv.ok());
  REQUIRE(csv->errors.size() == 1);
  CHECK(csv->errors[0].text() ==
        "line 2: number: is a bank card's number: bank cards are never taken");
  REQUIRE(csv->rows.size() == 1);
  CHECK(csv->rows[0].number == "2000000000046");
}

TEST_CASE("a file saved with semicolons is told to use commas") {
  auto semi = parse("number;name\n2000000000046;Анна\n");
  REQUIRE(!semi.ok());
  CHECK(semi.status().message().find("separated by semicolons") != std::string::npos);
}

}  // namespace
}  // namespace kopilka::core
