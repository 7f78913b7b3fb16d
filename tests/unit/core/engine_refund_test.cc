// Tests of refunds: proportional reversal that adds up exactly over partial refunds,
// redeemed points returned with their burn dates, debt when accrued points were spent.
#include <random>

#include "core/card_points.h"
#include "core/effects.h"
#include "core/sale_record.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {
const char* kCashback = R"({"id": "cashback", "name": "Кешбэк", "kind": "bonus", "percent": 10})";

struct Sold {
  CardState card;
  std::shared_ptr<SaleRecord> sale;
  CalcOutcome outcome;
};

Sold sell(const ProgramSet& set, CardState c, ReceiptRequest r) {
  auto out = calculate(r, &c, set, {}, moscow());
  apply_effects(c, out.effects, "r:1", local_day(r.at, moscow().zone));
  return {c, out.sale, out};
}

RefundRequest refund_of(std::vector<std::pair<int, std::int64_t>> lines,
                        const std::string& id = "RF") {
  RefundRequest r;
  r.refund_id = id;
  r.at = at("2026-11-25T12:00:00+03:00");
  std::vector<RefundLine> v;
  for (auto [l, q] : lines) v.push_back({l, Quantity{q}});
  r.lines = v;
  return r;
}
}  // namespace

TEST_CASE("a full refund takes back every accrued point, returns redeemed ones and lowers spent") {
  auto set = programs({kCashback});
  CardState c = card(100000);
  c.lots = {lot("old/0", "", 500, "2026-12-31")};
  auto r = receipt("2026-11-24T12:00:00+03:00",
                   {line(1, "A", "x", 3000, 10000), line(2, "B", "y", 1000, 5000)});
  r.redeem = {RedeemRequest::Kind::kPoints, 100};
  Sold s = sell(set, c, r);
  CHECK(answer(s.outcome)["points_accrued"] == 25);  // 10 % of 350 ₽ − 100 ₽ paid with points
  CHECK(summarize_points(s.card, day("2026-11-24")).balance == 500 - 100 + 25);

  RefundRequest all;
  all.refund_id = "RF-all";
  all.at = at("2026-11-25T12:00:00+03:00");
  auto out = refund(*s.sale, "r:1", RefundState{}, all, &s.card, moscow());
  REQUIRE(out.ok());
  CHECK(out->response["points_reversed"] == 25);
  CHECK(out->response["points_returned"] == 100);
  CHECK(out->response["spent_after"] == 100000);
  CHECK(out->after.complete);
  apply_effects(s.card, out->effects, "r:2", day("2026-11-25"));
  auto pts = summarize_points(s.card, day("2026-11-25"));
  CHECK(pts.balance == 500);
  CHECK(pts.burning.size() == 1);
  CHECK(format_date(pts.burning[0].on) == "2026-12-31");  // returned with their original date
  CHECK(s.card.spent == 100000);
  CHECK(s.card.purchases == 0);
  // Nothing is left to refund.
  CHECK(refund(*s.sale, "r:1", out->after, all, &s.card, moscow()).status().field() == "lines");
}

TEST_CASE("partial refunds add up exactly, in any number of parts") {
  auto set = programs({kCashback});
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    CardState c = card(0);
    c.lots = {lot("old/0", "", 1000, "2027-06-01")};
    std::vector<ReceiptLine> lines;
    int n = 1 + static_cast<int>(rng() % 5);
    for (int i = 1; i <= n; ++i)
      lines.push_back(
          line(i, "S" + std::to_string(i), "x", 1000 * (1 + rng() % 7), 1 + rng() % 99999));
    auto r = receipt("2026-11-24T12:00:00+03:00", lines);
    r.redeem = {RedeemRequest::Kind::kPoints, static_cast<std::int64_t>(rng() % 400)};
    Sold s = sell(set, c, r);
    const std::int64_t accrued = s.outcome.points_accrued;
    const std::int64_t redeemed = s.sale->points_redeemed;
    RefundState state;
    std::int64_t reversed = 0, returned = 0;
    int k = 0;
    while (!state.complete) {
      // Return a random part of a random line (at least one unit or the rest).
      std::vector<std::pair<int, std::int64_t>> part;
      for (const auto& l : s.sale->lines) {
        std::int64_t left =
            l.qty_milli - (state.returned_milli.count(l.line) ? state.returned_milli[l.line] : 0);
        if (left == 0 || rng() % 2) continue;
        part.emplace_back(l.line, std::min<std::int64_t>(left, 1000 * (1 + rng() % 3)));
      }
      if (part.empty()) continue;
      auto out = refund(*s.sale, "r:1", state, refund_of(part, "RF" + std::to_string(++k)), &s.card,
                        moscow());
      REQUIRE(out.ok());
      reversed += out->response["points_reversed"].get<std::int64_t>();
      returned += out->response["points_returned"].get<std::int64_t>();
      apply_effects(s.card, out->effects, "rf:" + std::to_string(k), day("2026-11-25"));
      state = out->after;
    }
    CHECK(reversed == accrued);
    CHECK(returned == redeemed);
    CHECK(s.card.spent == 0);
    CHECK(summarize_points(s.card, day("2026-11-25")).balance == 1000);
  }
}

TEST_CASE("returning more than was sold is refused and names the line") {
  auto set = programs({kCashback});
  Sold s = sell(set, card(), receipt("2026-11-24T12:00:00+03:00", {line(1, "A", "x", 2000, 1000)}));
  auto first = refund(*s.sale, "r:1", {}, refund_of({{1, 1500}}), &s.card, moscow());
  REQUIRE(first.ok());
  auto too_much = refund(*s.sale, "r:1", first->after, refund_of({{1, 1000}}), &s.card, moscow());
  CHECK(too_much.status().field() == "lines[0].qty");
  CHECK(refund(*s.sale, "r:1", {}, refund_of({{7, 1000}}), &s.card, moscow()).status().field() ==
        "lines[0].line");
}

TEST_CASE(
    "a refund after the accrued points were spent leaves the card in debt; accruals repay it "
    "first") {
  auto set = programs({kCashback});
  Sold s =
      sell(set, card(), receipt("2026-11-24T12:00:00+03:00", {line(1, "A", "x", 1000, 100000)}));
  CHECK(s.outcome.points_accrued == 100);
  // The customer spends the 100 points elsewhere.
  CardEffects spend;
  spend.card = s.card.number;
  spend.draws = {{"r:1/0", 100}};
  apply_effects(s.card, spend, "r:2", day("2026-11-24"));
  RefundRequest all;
  all.refund_id = "RF";
  all.at = at("2026-11-25T12:00:00+03:00");
  auto out = refund(*s.sale, "r:1", {}, all, &s.card, moscow());
  REQUIRE(out.ok());
  apply_effects(s.card, out->effects, "r:3", day("2026-11-25"));
  CHECK(summarize_points(s.card, day("2026-11-25")).balance == -100);
  // The next purchase's 150 points repay the debt first.
  auto next = calculate(receipt("2026-11-26T12:00:00+03:00", {line(1, "A", "x", 1000, 150000)}),
                        &s.card, set, {}, moscow());
  CHECK(answer(next)["points_balance_after"] == 50);
  CHECK(answer(next)["points_redeem_max"] == 0);  // nothing to spend while in debt
}

TEST_CASE("sale records and refund states survive JSON") {
  auto set = programs({kCashback});
  CardState c = card();
  c.lots = {lot("old/0", "", 500, "2026-12-31")};
  auto r = receipt("2026-11-24T12:00:00+03:00", {line(1, "A", "x", 1500, 10000)});
  r.redeem = {RedeemRequest::Kind::kPoints, 50};
  Sold s = sell(set, c, r);
  auto back = sale_from_json(parse_json_exact(sale_to_json(*s.sale).dump()).value());
  REQUIRE(back.ok());
  CHECK(sale_to_json(**back) == sale_to_json(*s.sale));
  auto partial = refund(*s.sale, "r:1", {}, refund_of({{1, 500}}), &s.card, moscow());
  REQUIRE(partial.ok());
  auto state =
      refund_state_from_json(parse_json_exact(refund_state_to_json(partial->after).dump()).value());
  REQUIRE(state.ok());
  CHECK(refund_state_to_json(*state) == refund_state_to_json(partial->after));
}

TEST_CASE("half of a receipt paid wholly with points takes back half of its per-unit points") {
  // points_per_unit accrues on units paid with points too; with no money paid the share
  // was taken as the whole, and returning one unit of two reversed all 100 points.
  auto set = programs({R"({"id": "per-unit", "name": "50 бонусов за штуку", "kind": "bonus",
                           "points_per_unit": 50, "scope": {"skus": ["K"]}})"});
  CardState c = card();
  c.lots = {lot("adj/0", "", 1000)};
  auto r = receipt("2026-11-24T12:00:00+03:00", {line(1, "K", "x", 2000, 10000)});
  r.redeem = {RedeemRequest::Kind::kMax, 0};
  Sold s = sell(set, c, r);
  REQUIRE(answer(s.outcome)["total"] == 0);
  REQUIRE(answer(s.outcome)["points_accrued"] == 100);
  auto half = refund(*s.sale, "r:1", RefundState{}, refund_of({{1, 1000}}), &s.card, moscow());
  REQUIRE(half.ok());
  CHECK(half->response["points_reversed"] == 50);
  CHECK(half->response["points_returned"] == 100);  // half of the 200 points paid with
  auto rest =
      refund(*s.sale, "r:1", half->after, refund_of({{1, 1000}}, "RF-2"), &s.card, moscow());
  REQUIRE(rest.ok());
  CHECK(rest->response["points_reversed"] == 50);
  CHECK(rest->response["points_returned"] == 100);
}
