// Tests of refund()'s steps one by one (core/engine_steps.h), programs.md "Refunds and
// cancellation", with exact numbers.
#include "core/engine_steps.h"

#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

RefundRequest returning(std::vector<RefundLine> lines) {
  RefundRequest r;
  r.refund_id = "F-1";
  r.lines = std::move(lines);
  return r;
}

}  // namespace

TEST_CASE("refund step: quantities returned, and what cannot be returned") {
  SaleRecord s = sample_sale();
  auto after = count_returned(s, {}, returning({{1, Quantity{1000}}}));
  REQUIRE(after.ok());
  CHECK(after->returned_milli.at(1) == 1000);
  CHECK(after->returned_milli.count(2) == 0);

  auto all = count_returned(s, {}, RefundRequest{});
  REQUIRE(all.ok());
  CHECK(all->returned_milli.at(1) == 2000);
  CHECK(all->returned_milli.at(2) == 1000);

  auto no_line = count_returned(s, {}, returning({{3, Quantity{1000}}}));
  CHECK(no_line.status().field() == "lines[0].line");
  auto too_many = count_returned(s, *after, returning({{1, Quantity{1500}}}));
  CHECK(too_many.status().field() == "lines[0].qty");
  CHECK(too_many.status().message() == "returns more of line 1 than is left (1)");
}

TEST_CASE("refund step: cumulative reversal in proportion to money paid") {
  SaleRecord s = sample_sale();
  RefundState before;
  RefundState after;
  after.returned_milli[1] = 1000;
  cumulative_reversal(s, before, after);
  CHECK_FALSE(after.complete);
  CHECK(after.money_returned == 45000);
  CHECK(after.points_reversed == 4);   // floor(14 × 450 / 1400)
  CHECK(after.points_returned == 50);  // half of the points money of line 1
  CHECK(after.spent_reversed == 50000);

  RefundState last = after;
  last.returned_milli[1] = 2000;
  last.returned_milli[2] = 1000;
  cumulative_reversal(s, after, last);
  CHECK(last.complete);
  CHECK(last.money_returned == 140000);
  CHECK(last.points_reversed == 14);
  CHECK(last.points_returned == 100);
  CHECK(last.spent_reversed == 150000);
}

TEST_CASE("refund step: accrued points come back from the sale's own lots, in order") {
  auto draws = reversal_draws(sample_sale(), "E", 8, 5);
  REQUIRE(draws.size() == 2);
  CHECK(draws[0].lot_id == "E/0");
  CHECK(draws[0].points == 2);
  CHECK(draws[1].lot_id == "E/1");
  CHECK(draws[1].points == 3);
  CHECK(reversal_draws(sample_sale(), "E", 0, 0).empty());
}

TEST_CASE("refund step: redeemed points go back latest-burning first, with their dates") {
  auto lots = returned_lots(sample_sale(), 30, 50);
  REQUIRE(lots.size() == 2);
  CHECK(lots[0].id == "0");
  CHECK(lots[0].program == "");
  CHECK_FALSE(lots[0].last_day);
  CHECK(lots[0].remaining == 10);
  CHECK(lots[1].id == "1");
  CHECK(lots[1].program == "cashback");
  CHECK(*lots[1].last_day == day("2026-12-01"));
  CHECK(lots[1].remaining == 40);
}

TEST_CASE("refund step: the effects of the last refund of a sale") {
  SaleRecord s = sample_sale();
  RefundState before;
  before.points_reversed = 4;
  before.points_returned = 50;
  before.spent_reversed = 50000;
  RefundState after = before;
  after.complete = true;
  after.points_reversed = 14;
  after.points_returned = 100;
  after.spent_reversed = 150000;
  CardEffects fx = refund_effects(s, "E", before, after, 20000);
  CHECK(fx.card == "2000000000015");
  CHECK(fx.spent_delta == -100000);
  CHECK(fx.spent_day == 20000);
  CHECK(fx.purchases_delta == -1);
  CHECK(fx.coupon_programs_returned == std::vector<std::string>{"spring"});
  std::int64_t drawn = 0, given = 0;
  for (const auto& d : fx.draws) drawn += d.points;
  for (const auto& l : fx.new_lots) given += l.remaining;
  CHECK(drawn == 10);
  CHECK(given == 50);
}
