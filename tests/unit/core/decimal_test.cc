// Tests of core/decimal: exact parsing of quantities and percents, and line amounts.
#include "core/decimal.h"

#include <doctest/doctest.h>

using namespace kopilka::core;

TEST_CASE("decimals parse exactly, never through a double") {
  CHECK(*parse_scaled_decimal("2.3", 3) == 2300);
  CHECK(*parse_scaled_decimal("0.125", 3) == 125);
  CHECK(*parse_scaled_decimal("2", 3) == 2000);
  CHECK(*parse_scaled_decimal("-1.5", 3) == -1500);
  CHECK(*parse_scaled_decimal("1e2", 3) == 100000);
  CHECK(*parse_scaled_decimal("2.30E-1", 3) == 230);
  CHECK(*parse_scaled_decimal("12.50", 2) == 1250);
  CHECK(*parse_scaled_decimal("0.000", 3) == 0);
  CHECK(*parse_scaled_decimal("1.2000000000000000000000", 3) == 1200);
}

TEST_CASE("decimals with too many places or junk are rejected with a reason") {
  auto r = parse_scaled_decimal("2.3456", 3);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "has more than 3 decimal places");
  CHECK_FALSE(parse_scaled_decimal("", 3).ok());
  CHECK_FALSE(parse_scaled_decimal("1.2.3", 3).ok());
  CHECK_FALSE(parse_scaled_decimal("abc", 3).ok());
  CHECK_FALSE(parse_scaled_decimal("1e", 3).ok());
  CHECK_FALSE(parse_scaled_decimal("NaN", 3).ok());
  CHECK(parse_scaled_decimal("99999999999999999999", 0).status().message() == "is out of range");
  CHECK_FALSE(parse_scaled_decimal("1e999999", 0).ok());
}

TEST_CASE("quantities are bounded and non-negative") {
  CHECK(parse_quantity("1000000")->milli == 1'000'000'000);
  CHECK(parse_quantity("1000000.001").status().message() == "is over 1000000");
  CHECK(parse_quantity("-1").status().message() == "must not be negative");
}

TEST_CASE("line amount is round-half-up of price times quantity") {
  CHECK(line_amount(12345, Quantity{2300}) == 28394);  // a double would give 28393
  CHECK(line_amount(45000, Quantity{2000}) == 90000);
  CHECK(line_amount(99, Quantity{5}) == 0);   // 0.495 → 0
  CHECK(line_amount(100, Quantity{5}) == 1);  // 0.5 → 1
}

TEST_CASE("scaled decimals format back to their shortest text") {
  CHECK(format_scaled_decimal(2300, 3) == "2.3");
  CHECK(format_scaled_decimal(2000, 3) == "2");
  CHECK(format_scaled_decimal(125, 3) == "0.125");
  CHECK(format_scaled_decimal(-1250, 2) == "-12.5");
}
