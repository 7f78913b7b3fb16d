// Coupon verdicts beyond the codes themselves: a promotion's code given twice on one
// receipt.
#include "core/engine.h"

#include "engine_test_util.h"

using namespace kopilka::test;

TEST_CASE("a promotion's code given twice: the second says so, still not_eligible") {
  // The same code scanned twice was answered «Чек не подходит под условия промокода», which
  // sends the cashier looking for a condition the receipt does meet.
  auto set = programs(
      {R"({"id": "spring", "name": "Весна", "kind": "coupon", "codes": ["VESNA", "SPRING10"],
      "percent": 10, "audience": {"anyone": true}})"});
  auto r = receipt("2026-04-10T12:00:00+03:00", {line(1, "A", "x", 1000, 100000)});
  r.coupons = {"VESNA", "vesna", "SPRING10"};
  const Json a = answer(calculate(r, nullptr, set, {}, moscow()));
  CHECK(a["discount"] == 10000);
  REQUIRE(a["coupons"].size() == 3);
  CHECK(a["coupons"][0]["status"] == "applied");
  for (int i : {1, 2}) {
    CHECK(a["coupons"][i]["status"] == "not_eligible");
    CHECK(a["coupons"][i]["message"].get<std::string>().find("по этой акции промокод в чеке уже "
                                                             "применён") != std::string::npos);
  }
}
