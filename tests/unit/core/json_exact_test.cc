// Tests of core/json_exact: numbers stay exact, hostile documents are refused.
#include "core/json_exact.h"

#include <doctest/doctest.h>

using namespace kopilka::core;

TEST_CASE("non-integer numbers keep their literal text") {
  auto doc = parse_json_exact(R"({"qty": 2.3, "price": 12345, "big": 1e30})");
  REQUIRE(doc.ok());
  CHECK(is_decimal((*doc)["qty"]));
  CHECK(number_text((*doc)["qty"]) == "2.3");
  CHECK(*json_scaled((*doc)["qty"], 3) == 2300);
  CHECK(*json_integer((*doc)["price"]) == 12345);
  CHECK(json_integer((*doc)["qty"]).status().message() == "must be a whole number");
  CHECK(json_scaled((*doc)["big"], 0).status().message() == "is out of range");
}

TEST_CASE("decimal strings are accepted only where allowed") {
  auto doc = parse_json_exact(R"({"qty": "0.125"})");
  REQUIRE(doc.ok());
  CHECK(*json_scaled((*doc)["qty"], 3, true) == 125);
  CHECK_FALSE(json_scaled((*doc)["qty"], 3, false).ok());
}

TEST_CASE("integers beyond int64 are decimals, not wrapped") {
  auto doc = parse_json_exact(R"([18446744073709551615, 9223372036854775807])");
  REQUIRE(doc.ok());
  CHECK(is_decimal((*doc)[0]));
  CHECK(json_integer((*doc)[0]).status().message() == "is out of range");
  CHECK(*json_integer((*doc)[1]) == INT64_MAX);
}

TEST_CASE("malformed, duplicated and deeply nested documents are refused") {
  CHECK_FALSE(parse_json_exact("{").ok());
  CHECK(parse_json_exact("{").status().message().rfind("malformed JSON at byte", 0) == 0);
  CHECK(parse_json_exact(R"({"a":1,"a":2})").status().message() == "duplicate key \"a\"");
  // The duplicate is named as a field, where it is.
  CHECK(parse_json_exact(R"({"a":1,"a":2})").status().field() == "a");
  CHECK(parse_json_exact(R"({"card":"1","lines":[{"line":1},{"price":5,"price":6}]})")
            .status()
            .field() == "lines[1].price");
  CHECK(parse_json_exact(R"({"x":{"y":[[{"z":1,"z":1}]]}})").status().field() == "x.y[0][0].z");
  CHECK(parse_json_exact(R"({"a":1,)").status().field().empty());
  // A number past what the reader takes (1e400) is an absurd amount: refused naming its
  // field, as a price over 10^12 is, where it said only "malformed JSON at byte 89".
  auto huge = parse_json_exact(R"({"receipt_id":"q","lines":[{"line":1,"price":1e400}]})");
  CHECK(huge.status().field() == "lines[0].price");
  CHECK(huge.status().message().rfind("is a number too large (malformed JSON at byte", 0) == 0);
  CHECK(parse_json_exact(R"({"a":[1,2e999]})").status().field() == "a[1]");
  CHECK(parse_json_exact("1e400").status().field().empty());
  CHECK_FALSE(parse_json_exact(std::string(100, '[') + std::string(100, ']')).ok());
  CHECK(parse_json_exact(std::string(10, '[') + std::string(10, ']')).ok());
  CHECK_FALSE(parse_json_exact("").ok());
  CHECK_FALSE(parse_json_exact("[1e400]").ok());  // beyond any number we could use
  CHECK_FALSE(parse_json_exact("[1] trailing").ok());
}

TEST_CASE("json_plain turns decimals back into numbers") {
  auto doc = parse_json_exact(R"({"a": [1.5, {"b": 2}]})");
  REQUIRE(doc.ok());
  CHECK(json_plain(*doc).dump() == R"({"a":[1.5,{"b":2}]})");
}

TEST_CASE("stored JSON that no longer parses is damage, named, never a throw") {
  auto ok = kopilka::core::parse_stored(R"({"a": 1})", "receipt R-1");
  REQUIRE(ok.ok());
  CHECK((*ok)["a"] == 1);
  auto bad = kopilka::core::parse_stored("{\"a\": ", "receipt R-1");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == kopilka::core::Code::kCorrupt);
  CHECK(bad.status().message().rfind("receipt R-1 is damaged: ", 0) == 0);
}

TEST_CASE("a malformed body's error never repeats what it read") {
  // A truncated body with a bank card number once came back in "last read: '…'" (api.md:
  // a bank card number is not echoed, stored or logged).
  for (const char* body : {R"({"receipt_id":"PX1","card":"4111111111111111)",
                           R"({"coupons":["%B4111111111111111^DOE/JOHN^2512)",
                           R"({"card":4111111111111111x})", R"({"card":4111111111111111e999})"}) {
    auto doc = parse_json_exact(body);
    REQUIRE_FALSE(doc.ok());
    CAPTURE(doc.status().message());
    CHECK(doc.status().message().find("4111") == std::string::npos);
    CHECK(doc.status().message().find("DOE") == std::string::npos);
  }
}
