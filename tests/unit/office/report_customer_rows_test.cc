// A customer's list of report rows as text and back (office/report_customer_rows.h): rows
// kept by day and register whatever order they come in, a row's receipts summed, and a list
// that is not one refused rather than read as fewer rows.
#include <doctest/doctest.h>

#include "office/report_customer_rows.h"

using namespace kopilka;
using office::CustomerRows;

TEST_CASE("a customer's rows are kept by day and register, a row's receipts summed") {
  CustomerRows list;
  office::add_row(list, 20400, "reg-b", 1);
  office::add_row(list, 20399, "reg-c", 1);
  office::add_row(list, 20400, "reg-a", 0);  // a refund's row: listed, no receipt
  office::add_row(list, 20400, "reg-b", 1);
  office::add_row(list, 20399, "reg-c", -1);
  CHECK(office::rows_text(list) == "20399 0 reg-c\n20400 0 reg-a\n20400 2 reg-b");
  CHECK(office::receipts_by_day(list) == office::DayCounts{{20399, 0}, {20400, 2}});
  CHECK(office::visits(office::receipts_by_day(list)) == std::vector<core::Day>{20400});
}

TEST_CASE("a list read back is the list written, in any order it was stored") {
  CustomerRows list;
  // As a migration may leave it: unsorted, a register id with spaces in it.
  REQUIRE(office::parse_rows("20400 2 reg b\n20399 -1 reg-c\n20399 3 reg-c", list).ok());
  CHECK(office::rows_text(list) == "20399 2 reg-c\n20400 2 reg b");
  CustomerRows again;
  REQUIRE(office::parse_rows(office::rows_text(list), again).ok());
  CHECK(office::rows_text(again) == office::rows_text(list));
  CustomerRows none;
  REQUIRE(office::parse_rows("", none).ok());
  CHECK(none.rows.empty());
}

TEST_CASE("a list that is not one is refused") {
  for (const char* bad : {"x 1 reg", "20400", "20400 1", "20400 1 ", "20400 one reg",
                          "20400 1 reg\n\n20401 1 reg", "99999999999 1 reg"}) {
    CAPTURE(bad);
    CustomerRows list;
    CHECK(office::parse_rows(bad, list).code() == core::Code::kCorrupt);
  }
}
