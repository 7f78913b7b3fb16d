// Tests of calculate()'s steps one by one (core/engine_steps.h), in the order of programs.md
// "Computing one receipt", with exact numbers.
#include "core/engine_steps.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/program.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

const Program& first(const ProgramSet& set, std::size_t i = 0) {
  return *set.programs()[i];
}

RuleContext context_for(const ReceiptRequest& req, const CardState* card,
                        const Settings& settings) {
  RuleContext ctx;
  ctx.settings = &settings;
  ctx.today = local_day(req.at, settings.zone);
  ctx.minute = local_minute_of_day(req.at, settings.zone);
  ctx.card = card;
  return ctx;
}

const char* kStepsWhen = "2026-11-24T12:00:00+03:00";

// A receipt of one cosmetics line and one tobacco line (no loyalty) on a fresh card.
struct TwoLines {
  explicit TwoLines(Kopecks cosmetics = 100000, Kopecks tobacco = 20000)
      : req(receipt(kStepsWhen, {line(1, "A", "cosmetics", 1000, cosmetics),
                                 line(2, "T", "tobacco", 1000, tobacco)})),
        ctx(context_for(req, &c, st)),
        lines(initial_lines(req, st)) {}
  Settings st = moscow();
  CardState c = card();
  ReceiptRequest req;
  RuleContext ctx;
  std::vector<LineState> lines;
};

}  // namespace

TEST_CASE("step 1: loyalty, and the birthday grant due now counted as if journalled") {
  Settings st = moscow();
  auto set = programs({R"({"id": "bday", "name": "ДР", "kind": "birthday", "grant": 1000,
                           "days_before": 7, "points": {"lifetime_days": 14}})"});
  CardState c = card();
  c.customer = Customer{"c-1", "Анна", std::nullopt, CivilDate{1990, 12, 1}, std::nullopt, {}};
  auto req = receipt(kStepsWhen, {line(1, "A", "cosmetics", 1000, 10000)});
  CHECK(loyalty_of(req, &c) == Loyalty::kApplied);
  CHECK(loyalty_of(req, nullptr) == Loyalty::kCardNotFound);
  CHECK(loyalty_of(receipt(kStepsWhen, {}, ""), nullptr) == Loyalty::kNoCard);

  CardState seen;
  RuleContext ctx = receipt_context(req, &c, Loyalty::kApplied, set, st, seen);
  REQUIRE(ctx.card == &seen);
  CHECK(ctx.today == day("2026-11-24"));
  CHECK(ctx.minute == 12 * 60);
  REQUIRE(seen.lots.size() == 1);
  CHECK(seen.lots[0].id == "preview-due/0");
  CHECK(seen.lots[0].remaining == 1000);
  CHECK(*seen.lots[0].last_day == day("2026-12-08"));
  CHECK(c.lots.empty());  // the caller's card is untouched

  c.status = CardStatus::kBlocked;
  CHECK(loyalty_of(req, &c) == Loyalty::kCardBlocked);
  CardState none;
  CHECK(receipt_context(req, &c, Loyalty::kCardBlocked, set, st, none).card == nullptr);
}

TEST_CASE("step 1: lines start at their amount; no-loyalty categories are not eligible") {
  auto req = receipt(
      kStepsWhen, {line(1, "A", "cosmetics", 2000, 45000), line(2, "T", "tobacco", 1000, 20000)});
  auto lines = initial_lines(req, moscow());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].before == 90000);
  CHECK(lines[0].eligible);
  CHECK(lines[1].before == 20000);
  CHECK_FALSE(lines[1].eligible);
  CHECK(total_before(lines) == 110000);
}

TEST_CASE("step 2: the largest non-stacking percent wins, stacking ones take from the rest") {
  auto set = programs({R"({"id": "d10", "name": "10", "kind": "discount", "percent": 10})",
                       R"({"id": "d20", "name": "20", "kind": "discount", "percent": 20})",
                       R"({"id": "s5", "name": "5", "kind": "discount", "percent": 5,
                           "stack": true})"});
  TwoLines t;
  auto offers = percent_offers(t.req, set, t.ctx, {}, total_before(t.lines));
  REQUIRE(offers.size() == 3);
  apply_percent_discounts(t.req, t.lines, offers, t.st);
  CHECK(t.lines[0].discount == 24000);  // 20 % of 1000 ₽, then 5 % of 800 ₽
  CHECK(t.lines[1].discount == 0);      // tobacco
  // Each program's offer must be there: a missing one may not pass for a right total.
  for (auto [id, total] : std::vector<std::pair<std::string, std::int64_t>>{
           {"d10", 0}, {"d20", 20000}, {"s5", 4000}}) {
    CAPTURE(id);
    auto it = std::find_if(offers.begin(), offers.end(),
                           [&](const auto& o) { return o.program->id == id; });
    REQUIRE(it != offers.end());
    CHECK(it->total == total);
  }

  CouponCheck used{"SPRING", CouponVerdict::kApplied, &first(set, 0)};
  CouponCheck took{"AUTUMN", CouponVerdict::kApplied, &first(set, 1)};
  std::vector<CouponCheck> coupons = {used, took};
  DiscountChoice choice;
  choice.offers = offers;
  drop_unused_coupons(coupons, choice, t.req, t.st);
  CHECK(coupons[0].reason == NotAppliedReason::kBeaten);  // its line is here, beaten
  CHECK(coupons[0].verdict == CouponVerdict::kNotApplied);
  CHECK(coupons[1].verdict == CouponVerdict::kApplied);
}

TEST_CASE("step 3: a fixed amount is spread over the lines after step 2, exactly") {
  Settings st = moscow();
  auto set = programs({R"({"id": "m100", "name": "−100", "kind": "discount", "amount": 10000})"});
  auto req = receipt(
      kStepsWhen, {line(1, "A", "cosmetics", 1000, 10000), line(2, "B", "cosmetics", 1000, 20000)});
  CardState c = card();
  RuleContext ctx = context_for(req, &c, st);
  auto lines = initial_lines(req, st);
  lines[1].discount = 5000;  // as if step 2 took 50 ₽
  auto fixed = apply_fixed_step(req, lines, step3_programs(set, ctx, {}, 0), ctx);
  REQUIRE(fixed.size() == 1);
  CHECK(fixed[0].total == 10000);
  CHECK(lines[0].discount == 4000);  // 100 ₽ × 100/250
  CHECK(lines[1].discount == 11000);
}

TEST_CASE("step 4: per-program caps, soonest to burn first, spread over eligible lines") {
  auto set = programs({R"({"id": "cashback", "name": "К", "kind": "bonus", "percent": 10,
                           "points": {"max_redeem_percent": 15}})"});
  TwoLines t(240000, 50000);
  t.c.lots = {lot("m/0", "", 100), lot("r/0", "cashback", 755, "2026-12-01")};

  // Caps: cashback 15 % of 2400 ₽ = 360 points; points added by hand have none.
  Redemption plan =
      plan_redemption(t.c, set, 240000, RedeemRequest{RedeemRequest::Kind::kMax, 0}, t.ctx);
  CHECK(plan.max == 460);
  CHECK(plan.points == 460);
  REQUIRE(plan.draws.size() == 2);
  CHECK(plan.draws[0].lot_id == "r/0");  // burns first
  CHECK(plan.draws[0].points == 360);
  CHECK(plan.draws[1].lot_id == "m/0");
  CHECK(plan.draws[1].points == 100);
  REQUIRE(plan.drawn.size() == 2);
  CHECK(plan.drawn[0].remaining == 360);
  CHECK(*plan.drawn[0].last_day == day("2026-12-01"));

  t.req.redeem = {RedeemRequest::Kind::kPoints, 300};
  Redemption r = redeem_points(t.req, t.lines, t.c, set, t.ctx);
  CHECK(r.points == 300);
  CHECK(r.max == 460);
  CHECK(t.lines[0].points == 30000);
  CHECK(t.lines[1].points == 0);  // tobacco is not paid with points

  // Debt is counted off the usable points: 855 usable, 1 owed → at most 854, here still
  // the caps' 460; owing 800 → 55; owing all of it → nothing. Before, any debt at all
  // stopped the card paying while a look-up showed its points usable.
  t.c.debt = 1;
  CHECK(plan_redemption(t.c, set, 240000, {RedeemRequest::Kind::kMax, 0}, t.ctx).max == 460);
  t.c.debt = 800;
  CHECK(plan_redemption(t.c, set, 240000, {RedeemRequest::Kind::kMax, 0}, t.ctx).max == 55);
  t.c.debt = 855;
  CHECK(plan_redemption(t.c, set, 240000, {RedeemRequest::Kind::kMax, 0}, t.ctx).max == 0);
}

TEST_CASE("step 5: accrual on money paid, per bonus program; first purchase only") {
  auto set = programs({R"({"id": "cashback", "name": "К", "kind": "bonus", "percent": 10})",
                       R"({"id": "first", "name": "Ф", "kind": "bonus", "percent": 5,
                           "first_purchase_only": true})"});
  TwoLines t;
  t.lines[0].discount = 10000;
  t.lines[0].points = 5000;  // paid 850 ₽
  auto accruals = accrue_points(t.req, t.lines, t.c, set, t.ctx);
  REQUIRE(accruals.size() == 2);
  CHECK(accruals[0].program->id == "cashback");
  CHECK(accruals[0].points == 85);
  CHECK(accruals[1].points == 42);  // floor(42.5)
  CHECK(accrued_total(accruals) == 127);
  t.c.purchases = 1;
  CHECK(accrue_points(t.req, t.lines, t.c, set, t.ctx).size() == 1);
}

TEST_CASE("confirming: effects and sale record; the answer's totals and messages") {
  Settings st = moscow();
  auto set = programs({R"({"id": "cashback", "name": "Кешбэк", "kind": "bonus", "percent": 10,
                           "points": {"lifetime_days": 30, "delay_days": 1}})"});
  CardState c = card(5000);
  c.lots = {lot("r/0", "cashback", 500, "2026-11-26")};
  auto req = receipt(kStepsWhen, {line(1, "A", "cosmetics", 1000, 100000)});
  ReceiptSteps s;
  s.loyalty = Loyalty::kApplied;
  s.ctx = context_for(req, &c, st);
  s.lines = initial_lines(req, st);
  s.lines[0].discount = 10000;
  s.lines[0].points = 20000;
  s.total_before = 100000;
  s.redemption.points = 200;
  s.redemption.max = 500;
  s.redemption.draws = {{"r/0", 200}};
  s.accruals = {{&first(set), 7}};
  SaleRecord sale;
  CardEffects fx = confirm_effects(req, s, set, sale);
  CHECK(fx.card == "2000000000015");
  CHECK(fx.spent_delta == 90000);
  CHECK(fx.purchases_delta == 1);
  CHECK(*fx.visit_day == day("2026-11-24"));
  REQUIRE(fx.new_lots.size() == 1);
  CHECK(fx.new_lots[0].id == "0");
  CHECK(fx.new_lots[0].usable_from == day("2026-11-25"));
  CHECK(*fx.new_lots[0].last_day == day("2026-12-24"));
  CHECK(fx.new_lots[0].remaining == 7);
  CHECK(sale.points_accrued == 7);
  CHECK(sale.points_redeemed == 200);
  CHECK(sale.accrual_lots == std::vector<std::int64_t>{7});
  REQUIRE(sale.lines.size() == 1);
  CHECK(sale.lines[0].amount == 70000);

  Json r = Json::parse(calc_response(req, s, fx, st));
  CHECK(r["total"] == 70000);
  CHECK(r["discount"] == 10000);
  CHECK(r["paid_with_points"] == 20000);
  CHECK(r["points_balance_after"] == 307);  // 500 − 200 + 7
  CHECK(r["points_redeem_max"] == 500);
  CHECK(r["applied"][0]["points"] == 7);
  // On the receipt, after its balance (programs.md "Messages"), not only on the display.
  CHECK(texts(r, "receipt").back() == "300 бонусов сгорят через 2 дня");
  CHECK(texts(r, "customer").empty());
}
