// Property tests over many generated receipts: parts sum exactly, nothing goes negative,
// and a receipt's numbers do not depend on the order of its lines.
#include <algorithm>
#include <random>

#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

ProgramSet all_kinds() {
  return programs({
      R"({"id": "card5", "name": "Карта", "kind": "discount", "percent": 5})",
      R"({"id": "scale", "name": "Накопительная", "kind": "discount_scale",
          "levels": [{"from_spent": 1000000, "percent": 3}, {"from_spent": 3000000, "percent": 7}]})",
      R"({"id": "cosm", "name": "Косметика", "kind": "discount", "percent": 12.5, "stack": true,
          "audience": {"anyone": true}, "scope": {"categories": ["cosmetics"]}})",
      R"({"id": "minus", "name": "−150 ₽", "kind": "discount", "amount": 15000, "audience": {"anyone": true},
          "scope": {"exclude_categories": ["food"]}})",
      R"({"id": "thr", "name": "Порог", "kind": "threshold", "min_total": 300000, "percent": 4})",
      R"({"id": "vol", "name": "Объём", "kind": "volume", "min_qty": 5, "percent": 9, "scope": {"categories": ["food"]}})",
      R"({"id": "cash", "name": "Кешбэк", "kind": "bonus", "levels": [{"from_spent": 0, "percent": 3},
          {"from_spent": 2000000, "percent": 7.5}], "points": {"lifetime_days": 90, "max_redeem_percent": 30}})",
      R"({"id": "extra", "name": "Бонус еды", "kind": "bonus", "percent": 2, "scope": {"categories": ["food"]}})",
  });
}

}  // namespace

TEST_CASE("generated receipts: exact sums, no negative amount, independent of line order") {
  auto set = all_kinds();
  std::mt19937_64 rng(2026);
  const char* categories[] = {"cosmetics", "food", "haircut", "tobacco"};
  for (int round = 0; round < 3000; ++round) {
    CardState c = card(static_cast<Kopecks>(rng() % 5000000));
    c.lots = {lot("a/0", "cash", static_cast<std::int64_t>(rng() % 3000), "2027-01-01"),
              lot("b/0", "", static_cast<std::int64_t>(rng() % 200))};
    std::vector<ReceiptLine> lines;
    int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 1; i <= n; ++i) {
      lines.push_back(line(i, "S" + std::to_string(rng() % 10), categories[rng() % 4],
                           static_cast<std::int64_t>(1 + rng() % 5000),
                           static_cast<Kopecks>(rng() % 500000)));
    }
    auto r = receipt("2026-11-24T12:00:00+03:00", lines);
    r.redeem = rng() % 2 ? RedeemRequest{RedeemRequest::Kind::kMax, 0}
                         : RedeemRequest{RedeemRequest::Kind::kPoints,
                                         static_cast<std::int64_t>(rng() % 500)};
    auto out = calculate(r, &c, set, {}, moscow());
    const Json& res = out.response;
    Kopecks sum_amount = 0, sum_discount = 0, sum_points = 0, sum_before = 0;
    for (const auto& l : res["lines"]) {
      Kopecks before = l["amount_before"], d = l["discount"], p = l["paid_with_points"],
              a = l["amount"];
      CHECK(d >= 0);
      CHECK(p >= 0);
      CHECK(a >= 0);
      CHECK(a == before - d - p);
      sum_amount += a;
      sum_discount += d;
      sum_points += p;
      sum_before += before;
    }
    CHECK(res["total"] == sum_amount);
    CHECK(res["discount"] == sum_discount);
    CHECK(res["paid_with_points"] == sum_points);
    CHECK(res["total_before"] == sum_before);
    CHECK(res["paid_with_points"] == res["points_redeemed"].get<std::int64_t>() * 100);
    CHECK(res["points_redeemed"] <= res["points_redeem_max"]);

    // The same receipt with its lines shuffled: the same numbers, lines in request order.
    auto shuffled = r;
    std::shuffle(shuffled.lines.begin(), shuffled.lines.end(), rng);
    auto again = calculate(shuffled, &c, set, {}, moscow()).response;
    CHECK(again["total"] == res["total"]);
    CHECK(again["discount"] == res["discount"]);
    CHECK(again["points_accrued"] == res["points_accrued"]);
    for (std::size_t i = 0; i < shuffled.lines.size(); ++i) {
      CHECK(again["lines"][i]["line"] == shuffled.lines[i].line);
      const Json& same = res["lines"][static_cast<std::size_t>(shuffled.lines[i].line - 1)];
      CHECK(again["lines"][i] == same);
    }
  }
}
