// Tests of core/sale_record: what a refund needs survives storage exactly, and a damaged
// stored sale is reported as corrupt, never half read.
#include "core/sale_record.h"

#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

SaleRecord stored_sale() {
  SaleRecord s = sample_sale();
  s.at = 1764000000;
  s.lines[0].discount = 5000;
  return s;
}

}  // namespace

TEST_CASE("a sale round-trips through its stored JSON") {
  Json j = sale_to_json(stored_sale());
  CHECK(j["redeemed"][0]["remaining"] == 60);
  CHECK(j["redeemed"][0]["last_day"] == "2026-12-01");
  auto back = sale_from_json(parse_json_exact(j.dump()).value());
  REQUIRE(back.ok());
  const SaleRecord& s = **back;
  CHECK(s.receipt_id == "R-1");
  CHECK(s.card == "2000000000015");
  CHECK(s.at == 1764000000);
  REQUIRE(s.lines.size() == 2);
  CHECK(s.lines[0].qty_milli == 2000);
  CHECK(s.lines[0].discount == 5000);
  CHECK(s.lines[0].paid_with_points == 10000);
  CHECK(s.lines[1].amount == 50000);
  CHECK(s.accrual_lots == std::vector<std::int64_t>{10, 4});
  REQUIRE(s.redeemed.size() == 2);
  CHECK(s.redeemed[0].id == "a/0");
  CHECK(*s.redeemed[0].last_day == day("2026-12-01"));
  CHECK_FALSE(s.redeemed[1].last_day);
  CHECK(s.redeemed[1].remaining == 40);
  CHECK(s.coupon_programs == std::vector<std::string>{"spring"});
  CHECK(s.counted_purchase);
  CHECK(sale_to_json(s) == j);
}

TEST_CASE("a damaged stored sale is corrupt") {
  for (const char* key : {"receipt_id", "card", "counted_purchase", "at", "coupon_programs",
                          "accrual_lots", "lines"}) {
    Json j = sale_to_json(stored_sale());
    j[key] = Json::object({{"x", 1}});
    auto r = sale_from_json(j);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Code::kCorrupt);
  }
  Json j = sale_to_json(stored_sale());
  j["redeemed"][0]["remaining"] = "many";
  CHECK(sale_from_json(j).status().message() == "a stored sale's redeemed lots are damaged");
  j.erase("redeemed");  // read as none redeemed
  CHECK(sale_from_json(j).ok());
}
