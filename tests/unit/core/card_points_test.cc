// core/card_points.h: a lot's life, the soonest-to-burn order, the summary and the burn
// warning, with exact days and points.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/card_points.h"

namespace kopilka::core {
namespace {

TEST_CASE("a new lot is usable from earned + delay through earned + lifetime") {
  PointLot lot = new_lot("2", "cashback", 100, 3, 14, 250);
  CHECK(lot.id == "2");
  CHECK(lot.program == "cashback");
  CHECK(lot.earned_day == 100);
  CHECK(lot.usable_from == 103);
  REQUIRE(lot.last_day);
  CHECK(*lot.last_day == 114);
  CHECK(lot.remaining == 250);
  CHECK_FALSE(lot_usable(lot, 102));
  CHECK(lot_usable(lot, 103));
  CHECK(lot_usable(lot, 114));
  CHECK_FALSE(lot_alive(lot, 115));
  CHECK_FALSE(new_lot("0", "", 100, 0, std::nullopt, 5).last_day);
}

TEST_CASE("lots are spent soonest to burn first, never-burning last, ties by id") {
  std::vector<PointLot> lots = {new_lot("e/0", "", 10, 0, std::nullopt, 1),
                                new_lot("d/0", "", 10, 0, 30, 1), new_lot("c/1", "", 10, 0, 5, 1),
                                new_lot("c/0", "", 10, 0, 5, 1)};
  std::sort(lots.begin(), lots.end(), burns_sooner);
  CHECK(lots[0].id == "c/0");
  CHECK(lots[1].id == "c/1");
  CHECK(lots[2].id == "d/0");
  CHECK(lots[3].id == "e/0");
}

TEST_CASE("a card as of a day before a lot was earned does not hold it") {
  // Lots depend on `at` alone: a look-up as of 5 November once showed 100 points (pending)
  // that a receipt of 10 November earned.
  CardState card;
  card.lots = {new_lot("a/0", "", 100, 0, 30, 40), new_lot("b/0", "", 110, 0, 30, 100)};
  PointsSummary before = summarize_points(card, 105);
  CHECK(before.balance == 40);
  CHECK(before.pending == 0);
  CHECK(before.usable == 40);
  REQUIRE(before.burning.size() == 1);
  CHECK(before.burning[0].points == 40);
  PointsSummary after = summarize_points(card, 110);
  CHECK(after.balance == 140);
  CHECK(after.usable == 140);
}

TEST_CASE("the summary and the burn warning within expiry_warning_days") {
  CardState card;
  card.lots = {new_lot("a/0", "", 100, 0, 10, 300), new_lot("b/0", "", 100, 0, 10, 200),
               new_lot("c/0", "", 100, 5, 20, 50), new_lot("d/0", "", 100, 0, std::nullopt, 7),
               new_lot("x/0", "", 50, 0, 10, 999)};  // burned on day 60
  card.debt = 7;
  PointsSummary s = summarize_points(card, 103);
  CHECK(s.balance == 550);
  CHECK(s.pending == 50);
  CHECK(s.usable == 500);
  REQUIRE(s.burning.size() == 2);
  CHECK(s.burning[0].on == 110);
  CHECK(s.burning[0].points == 500);
  CHECK(s.burning[1].on == 120);
  CHECK(s.burning[1].points == 50);

  auto warn = burn_warnings(s, 103, 7);
  REQUIRE(warn.size() == 1);
  CHECK(warn[0].points == 500);
  CHECK(warn[0].days == 7);
  CHECK(burn_warnings(s, 103, 6).empty());
  CHECK(burn_warnings(s, 110, 10).size() == 2);
  CHECK(burn_warnings(s, 110, 10)[0].days == 0);
}

}  // namespace
}  // namespace kopilka::core
