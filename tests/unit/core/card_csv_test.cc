// core/card_csv.h, the CSV parser `kopilka card import` shares with head office: quoting,
// a BOM, Windows-1251 files, head office's own export, bad lines reported with their line
// and field, and the bodies sent for good lines.
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

TEST_CASE("a bank card's number in the groups cell is refused, even split at its spaces") {
  // Split at spaces, "4111 1111 1111 1111" was kept as four groups of four digits, which
  // head office's export joins with spaces again.
  auto csv =
      parse("number,groups\n2000000000015,vip 4111 1111 1111 1111\n2000000000022,vip;2024 01\n");
  REQUIRE(csv.ok());
  REQUIRE(csv->errors.size() == 1);
  CHECK(csv->errors[0].line == 2);
  CHECK(csv->errors[0].field == "groups");
  CHECK(csv->errors[0].text().find("4111") == std::string::npos);
  REQUIRE(csv->rows.size() == 1);
  CHECK(csv->rows[0].body["groups"] == Json{"vip", "2024", "01"});
}

TEST_CASE("a file saved with semicolons is told to use commas") {
  auto semi = parse("number;name\n2000000000046;Анна\n");
  REQUIRE(!semi.ok());
  CHECK(semi.status().message().find("separated by semicolons") != std::string::npos);
  // Whatever its columns are called: a Russian spreadsheet's own header too.
  auto russian = parse("Номер;Имя;Телефон\r\n2000000000046;Анна;+79991234567\r\n");
  REQUIRE(!russian.ok());
  CHECK(russian.status().message() ==
        "the header \"Номер;Имя;Телефон\" is separated by semicolons; save the file as CSV "
        "with commas (comma-separated values, UTF-8) and name the columns number, status, "
        "groups, customer_id, name, phone, birthday");
}

// Excel's "CSV" on a Russian Windows is Windows-1251: the register's import stopped with an
// internal error and head office stored each Cyrillic letter as U+FFFD.
TEST_CASE("a Windows-1251 file is read as such and said to be") {
  // "number,name\n2000000000053,Дмитрий\n" in code page 1251.
  auto csv = parse("number,name\n2000000000053,\xC4\xEC\xE8\xF2\xF0\xE8\xE9\n");
  REQUIRE(csv.ok());
  CHECK(csv->read_as_windows1251);
  REQUIRE(csv->rows.size() == 1);
  CHECK(csv->rows[0].body == Json::parse(R"({"customer": {"name": "Дмитрий"}})"));
  // UTF-8, with or without Excel's byte order mark, is taken as it is.
  auto utf8 = parse("\xEF\xBB\xBFnumber,name\n2000000000053,Дмитрий\n");
  REQUIRE(utf8.ok());
  CHECK(!utf8->read_as_windows1251);
  CHECK(utf8->rows[0].body == csv->rows[0].body);
  // The one byte code page 1251 leaves undefined: neither encoding, refused whole.
  auto neither = parse("number,name\n2000000000053,\x98\n");
  REQUIRE(!neither.ok());
  CHECK(neither.status().message() ==
        "the file is not UTF-8 text: byte 27 (0x98) is neither UTF-8 nor Windows-1251; save it "
        "as \"CSV UTF-8\"");
}

TEST_CASE("head office's card export imports again") {
  auto csv = parse(
      "number,status,customer_id,customer_name,phone,balance_points,spent_kopecks,purchases,"
      "groups\n"
      "2000000000015,active,c-1,Анна Иванова,+79991234567,1755,1250000,12,vip staff\n");
  REQUIRE(csv.ok());
  CHECK(csv->errors.empty());
  CHECK(csv->ignored_columns ==
        std::vector<std::string>{"balance_points", "spent_kopecks", "purchases"});
  REQUIRE(csv->rows.size() == 1);
  CHECK(csv->rows[0].body == Json::parse(R"({"status": "active", "groups": ["vip", "staff"],
      "customer": {"id": "c-1", "name": "Анна Иванова", "phone": "+79991234567"}})"));
}

}  // namespace
}  // namespace kopilka::core
