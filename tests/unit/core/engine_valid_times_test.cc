// A program's `valid` as RFC 3339 times as well as dates (programs.md "Units"), read at the
// receipt's `at`, each end inclusive.
#include "core/engine.h"

#include "engine_test_util.h"

using namespace kopilka::test;

TEST_CASE("valid given as RFC 3339 times: a sale from noon to six, both ends in") {
  // programs.md "Units": dates and times are RFC 3339, a bare date is that whole day. A
  // flash sale's `valid` once refused anything but a date.
  auto set = programs({R"({"id": "flash", "name": "Распродажа", "kind": "discount",
      "percent": 10, "audience": {"anyone": true},
      "valid": {"from": "2026-11-24T12:00:00+03:00", "to": "2026-11-24T15:00:00Z"}})"});
  const auto discount_at = [&](const char* at) {
    return answer(calculate(receipt(at, {line(1, "S", "haircut", 1000, 100000)}), nullptr, set, {},
                            moscow()))["discount"];
  };
  CHECK(discount_at("2026-11-24T11:59:59+03:00") == 0);
  CHECK(discount_at("2026-11-24T12:00:00+03:00") == 10000);
  CHECK(discount_at("2026-11-24T18:00:00+03:00") == 10000);  // 15:00Z, inclusive
  CHECK(discount_at("2026-11-24T18:00:01+03:00") == 0);
  // A coupon outside its times is expired, as outside its dates.
  auto coupon = programs({R"({"id": "c", "name": "Час", "kind": "coupon", "codes": ["HOUR"],
      "percent": 5, "audience": {"anyone": true},
      "valid": {"from": "2026-11-24T12:00:00+03:00", "to": "2026-11-24T13:00:00+03:00"}})"});
  auto late = receipt("2026-11-24T13:30:00+03:00", {line(1, "S", "haircut", 1000, 100000)});
  late.coupons = {"HOUR"};
  CHECK(answer(calculate(late, nullptr, coupon, {}, moscow()))["coupons"][0]["status"] ==
        "expired");
}
