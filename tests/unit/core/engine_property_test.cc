// Property tests over many generated receipts: parts sum exactly, nothing goes negative,
// and a receipt's numbers do not depend on the order of its lines; with the v2 kinds (and
// paying from the wallet), a full refund also returns the card exactly to where it was.
#include <algorithm>
#include <random>

#include "core/card_points.h"
#include "core/effects.h"
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

// The v2 kinds and limits (programs.md "Additions, v2") beside v1 ones.
ProgramSet v2_kinds() {
  return programs({
      R"({"id": "card5", "name": "Карта", "kind": "discount", "percent": 5, "max_discount": 20000})",
      R"({"id": "two-one", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1, "max_discount": 100000,
          "audience": {"anyone": true}, "scope": {"categories": ["cosmetics"]}})",
      R"({"id": "food-cut", "name": "Еда + стрижка", "kind": "bundle", "buy": 1, "get": 1, "percent": 50,
          "audience": {"anyone": true}, "scope": {"categories": ["food"]},
          "get_scope": {"categories": ["haircut"]}})",
      R"({"id": "big", "name": "Большой чек", "kind": "threshold", "min_total": 1500000, "percent": 15,
          "exclusive": true})",
      R"({"id": "minus", "name": "−150 ₽", "kind": "discount", "amount": 15000, "min_total": 200000,
          "audience": {"anyone": true}})",
      R"({"id": "m300", "name": "−300 ₽", "kind": "coupon", "codes": ["M300"], "amount": 30000,
          "audience": {"anyone": true}, "scope": {"categories": ["food"]}})",
      R"({"id": "p10", "name": "10 %", "kind": "coupon", "codes": ["P10"], "percent": 10,
          "stack": true, "max_discount": 5000, "audience": {"anyone": true}})",
      R"({"id": "cash", "name": "Кешбэк", "kind": "bonus", "levels": [{"from_spent": 0, "percent": 3},
          {"from_spent": 2000000, "percent": 7.5}], "points": {"lifetime_days": 90, "max_redeem_percent": 30}})",
      R"({"id": "per-unit", "name": "За штуку", "kind": "bonus", "points_per_unit": 3, "min_total": 50000,
          "scope": {"categories": ["food"]}})",
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
    const Json res = answer(out);
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
    auto again = answer(calculate(shuffled, &c, set, {}, moscow()));
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

TEST_CASE(
    "generated receipts with the v2 kinds: exact sums, order-independent, full refund exact") {
  auto set = v2_kinds();
  std::mt19937_64 rng(2027);
  const char* categories[] = {"cosmetics", "food", "haircut", "tobacco"};
  const char* codes[] = {"M300", "P10"};
  for (int round = 0; round < 1500; ++round) {
    CardState c = card(static_cast<Kopecks>(rng() % 5000000));
    c.lots = {lot("a/0", "cash", static_cast<std::int64_t>(rng() % 3000), "2027-01-01"),
              lot("b/0", "", static_cast<std::int64_t>(rng() % 200))};
    std::vector<ReceiptLine> lines;
    int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 1; i <= n; ++i) {
      lines.push_back(line(i, "S" + std::to_string(rng() % 10), categories[rng() % 4],
                           static_cast<std::int64_t>(1 + rng() % 5000),
                           static_cast<Kopecks>(rng() % 500000)));
    }
    auto r = receipt("2026-11-24T12:00:00+03:00", lines);
    for (const char* code : codes)
      if (rng() % 2) r.coupons.push_back(code);
    r.redeem = rng() % 2 ? RedeemRequest{RedeemRequest::Kind::kMax, 0}
                         : RedeemRequest{RedeemRequest::Kind::kPoints,
                                         static_cast<std::int64_t>(rng() % 500)};
    // The wallet: sometimes owing, sometimes paying all it can or a part.
    c.wallet = static_cast<Kopecks>(rng() % 3000000) - 200000;
    r.pay_from_wallet = rng() % 3 == 0 ? WalletRequest{WalletRequest::Kind::kMax, 0}
                                       : WalletRequest{WalletRequest::Kind::kAmount,
                                                       static_cast<Kopecks>(rng() % 1000000)};
    auto out = calculate(r, &c, set, {}, moscow());
    const Json res = answer(out);
    Kopecks sum_amount = 0, sum_discount = 0, sum_before = 0, applied_discount = 0, sum_wallet = 0;
    for (const auto& l : res["lines"]) {
      Kopecks before = l["amount_before"], d = l["discount"], p = l["paid_with_points"],
              a = l["amount"], w = l["paid_from_wallet"];
      CHECK(d >= 0);
      CHECK(p >= 0);
      CHECK(a >= 0);
      CHECK(a == before - d - p);
      CHECK(w >= 0);
      CHECK(w <= a);
      sum_amount += a;
      sum_discount += d;
      sum_before += before;
      sum_wallet += w;
    }
    CHECK(res["paid_from_wallet"] == sum_wallet);
    CHECK(sum_wallet <= std::max<Kopecks>(c.wallet, 0));
    CHECK(out.effects.wallet_delta == -sum_wallet);
    if (r.pay_from_wallet.kind == WalletRequest::Kind::kMax)
      CHECK(sum_wallet == std::min(std::max<Kopecks>(c.wallet, 0), sum_amount));
    for (const auto& a : res["applied"])
      if (a.contains("discount")) applied_discount += a["discount"].get<Kopecks>();
    CHECK(res["total"] == sum_amount);
    CHECK(res["discount"] == sum_discount);
    CHECK(applied_discount == sum_discount);  // every kopeck off is one program's
    CHECK(res["total_before"] == sum_before);

    auto shuffled = r;
    std::shuffle(shuffled.lines.begin(), shuffled.lines.end(), rng);
    auto again = answer(calculate(shuffled, &c, set, {}, moscow()));
    CHECK(again["total"] == res["total"]);
    CHECK(again["points_accrued"] == res["points_accrued"]);
    CHECK(again["applied"] == res["applied"]);
    CHECK(again["coupons"] == res["coupons"]);
    CHECK(again["paid_from_wallet"] == res["paid_from_wallet"]);
    for (std::size_t i = 0; i < shuffled.lines.size(); ++i) {
      const Json& same = res["lines"][static_cast<std::size_t>(shuffled.lines[i].line - 1)];
      CHECK(again["lines"][i] == same);
    }

    // Confirm, then refund everything: the card is where it was.
    Day today = day("2026-11-24");
    CardState after = c;
    REQUIRE(apply_effects(after, out.effects, "r:1", today).is_ok());
    RefundRequest all;
    all.refund_id = "RF";
    all.at = r.at;
    auto back = refund(*out.sale, "r:1", RefundState{}, all, &after, moscow());
    REQUIRE(back.ok());
    REQUIRE(apply_effects(after, back->effects, "r:2", today).is_ok());
    CHECK(summarize_points(after, today).balance == summarize_points(c, today).balance);
    CHECK(after.spent == c.spent);
    CHECK(after.purchases == c.purchases);
    CHECK(after.debt == 0);
    CHECK(after.wallet == c.wallet);
    CHECK(back->response["wallet_returned"] == sum_wallet);
  }
}
