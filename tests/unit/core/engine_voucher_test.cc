// Tests of next_purchase vouchers (programs.md "next_purchase"): issued by a big purchase,
// usable from the next day, once; one of each program per receipt.
#include "core/effects.h"
#include "engine_test_util.h"

using namespace kopilka::test;

TEST_CASE("a next-purchase voucher: issued by a big purchase, usable from the next day, once") {
  auto set =
      programs({R"({"id": "next", "name": "Скидка на следующую покупку", "kind": "next_purchase",
      "min_total": 300000, "reward": {"percent": 10}, "valid_days": 30})"});
  CardState c = card();
  auto first = calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "A", "x", 1000, 300000)}),
                         &c, set, {}, moscow());
  REQUIRE(first.effects.vouchers_issued.size() == 1);
  apply_effects(c, first.effects, "r:1", day("2026-11-24"));
  auto same_day = calculate(receipt("2026-11-24T18:00:00+03:00", {line(1, "A", "x", 1000, 10000)}),
                            &c, set, {}, moscow());
  CHECK(answer(same_day)["discount"] == 0);
  auto next_day = calculate(receipt("2026-11-25T12:00:00+03:00", {line(1, "A", "x", 1000, 10000)}),
                            &c, set, {}, moscow());
  CHECK(answer(next_day)["discount"] == 1000);
  CHECK(next_day.effects.vouchers_used == std::vector<std::string>{"r:1/v"});
  apply_effects(c, next_day.effects, "r:2", day("2026-11-25"));
  CHECK(c.vouchers.empty());
  auto late = calculate(receipt("2026-12-25T12:00:00+03:00", {line(1, "A", "x", 1000, 10000)}), &c,
                        set, {}, moscow());
  CHECK(answer(late)["discount"] == 0);
}

TEST_CASE("vouchers of two next-purchase programs: both issued, both used once") {
  // Before, a receipt carried one voucher either way: the second program's voucher was
  // never issued, or was used on a receipt and stayed on the card to be used again.
  auto set =
      programs({R"({"id": "next", "name": "10 % на следующую покупку", "kind": "next_purchase",
           "min_total": 300000, "reward": {"percent": 10}, "valid_days": 30,
           "scope": {"categories": ["cosmetics"]}})",
                R"({"id": "next-spa", "name": "20 % на СПА", "kind": "next_purchase",
           "min_total": 200000, "reward": {"percent": 20}, "valid_days": 10,
           "scope": {"categories": ["spa"]}})"});
  CardState c = card();
  auto first =
      calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "A", "cosmetics", 1000, 300000)}), &c,
                set, {}, moscow());
  REQUIRE(first.effects.vouchers_issued.size() == 2);
  CHECK(first.effects.vouchers_issued[0].id == "v");
  CHECK(first.effects.vouchers_issued[1].id == "v1");
  apply_effects(c, first.effects, "r:1", day("2026-11-24"));
  REQUIRE(c.vouchers.size() == 2);
  auto both = [&](const char* at) {
    return calculate(
        receipt(at, {line(1, "A", "cosmetics", 1000, 10000), line(2, "S", "spa", 1000, 50000)}), &c,
        set, {}, moscow());
  };
  auto next_day = both("2026-11-25T12:00:00+03:00");
  CHECK(answer(next_day)["discount"] == 1000 + 10000);
  CHECK(next_day.effects.vouchers_used == std::vector<std::string>{"r:1/v", "r:1/v1"});
  CHECK(next_day.effects.vouchers_issued.empty());  // 600 ₽ earns neither
  apply_effects(c, next_day.effects, "r:2", day("2026-11-25"));
  CHECK(c.vouchers.empty());
  CHECK(answer(both("2026-11-26T12:00:00+03:00"))["discount"] == 0);
}
