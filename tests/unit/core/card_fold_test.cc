// Tests of folding a card's point lots (card_fold.h): the exact size of a busy card, the
// refund rules around folded and burned lots, and a property test that replays random
// histories on a folded and an unfolded copy of one card and finds every figure equal.
#include "core/card_fold.h"

#include <map>
#include <random>
#include <set>

#include "core/card_points.h"
#include "core/effects.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

CardEffects accrual(const std::string& program, Day earned, int delay, std::optional<int> life,
                    std::int64_t points) {
  CardEffects fx;
  fx.card = "2000000000015";
  fx.new_lots = {new_lot("0", program, earned, delay, life, points)};
  return fx;
}

void check_same_points(const CardState& folded, const CardState& unfolded, Day today) {
  auto f = summarize_points(folded, today), u = summarize_points(unfolded, today);
  CHECK(f.balance == u.balance);
  CHECK(f.usable == u.usable);
  CHECK(f.pending == u.pending);
  REQUIRE(f.burning.size() == u.burning.size());
  for (std::size_t i = 0; i < f.burning.size(); ++i) {
    CHECK(f.burning[i].on == u.burning[i].on);
    CHECK(f.burning[i].points == u.burning[i].points);
  }
  CHECK(folded.debt == unfolded.debt);
  // Points by kind: what later redemption caps and refunds see.
  std::map<std::string, std::int64_t> fk, uk;
  auto key = [](const PointLot& l) {
    const LotKind k = lot_kind(l);
    return k.origin + "|" + k.program + "|" + std::to_string(k.usable_from) + "|" +
           (k.last_day ? std::to_string(*k.last_day) : "-");
  };
  for (const auto& l : folded.lots)
    if (lot_alive(l, today)) fk[key(l)] += l.remaining;
  for (const auto& l : unfolded.lots)
    if (lot_alive(l, today)) uk[key(l)] += l.remaining;
  CHECK(fk == uk);
  // Folded: exactly one lot per kind not gone yet (card_fold.h), nothing empty.
  std::set<std::string> kept;
  for (const auto& l : unfolded.lots)
    if (l.remaining > 0 && !lot_gone(l.last_day, today)) kept.insert(key(l));
  CHECK(folded.lots.size() == kept.size());
}

}  // namespace

TEST_CASE("a card after 1 000 receipts keeps one lot per day still to burn or just burned") {
  // 4 receipts a day for 250 days, 10 points each, usable 30 days. On the last day (249)
  // the lots of days 219–249 are alive (31 × 40 points), and burned ones stay 92 days after
  // their last day: days 127–249 keep one lot each, 123 lots. Unfolded: 1 000 lots.
  CardState folded = card(), unfolded = card();
  const Day first = day("2026-01-01");
  int seq = 0;
  for (int d = 0; d < 250; ++d) {
    for (int i = 0; i < 4; ++i) {
      auto fx = accrual("cashback", first + d, 0, 30, 10);
      const std::string id = "r-1:" + std::to_string(++seq);
      REQUIRE(apply_effects(folded, fx, id, first + d).is_ok());
      REQUIRE(apply_effects_unfolded(unfolded, fx, id, first + d).is_ok());
    }
  }
  const Day last = first + 249;
  CHECK(folded.lots.size() == 123);
  CHECK(unfolded.lots.size() == 1000);
  CHECK(folded.lots.front().id == "r-1:509/0");  // the smallest id of day 127
  CHECK(folded.lots.front().remaining == 40);
  CHECK(summarize_points(folded, last).balance == 31 * 40);
  check_same_points(folded, unfolded, last);
}

TEST_CASE("lots of different registers, programs or dates never fold together") {
  CardState c = card();
  const Day d = day("2026-03-01");
  REQUIRE(apply_effects(c, accrual("a", d, 0, 10, 5), "r-1:1", d).is_ok());
  REQUIRE(apply_effects(c, accrual("a", d, 0, 10, 5), "r-2:1", d).is_ok());
  REQUIRE(apply_effects(c, accrual("b", d, 0, 10, 5), "r-1:2", d).is_ok());
  REQUIRE(apply_effects(c, accrual("a", d, 1, 10, 5), "r-1:3", d).is_ok());
  REQUIRE(apply_effects(c, accrual("a", d, 0, 11, 5), "r-1:4", d).is_ok());
  REQUIRE(apply_effects(c, accrual("a", d, 0, 10, 5), "r-1:5", d).is_ok());
  REQUIRE(c.lots.size() == 5);
  CHECK(c.lots[0].id == "r-1:1/0");  // r-1:5/0 folded into it
  CHECK(c.lots[0].remaining == 10);
  CHECK(c.lots[1].id == "r-2:1/0");
}

TEST_CASE("a burned lot leaves the card 92 days after its last day, also one stored before") {
  // A card stored before folding: three lots, two of one kind.
  CardState c = card();
  c.lots = {lot("r-1:1/0", "x", 70, "2026-11-10"), lot("r-1:2/0", "x", 30, "2027-12-31"),
            lot("r-1:3/0", "x", 20, "2027-12-31")};
  CardEffects visit;
  visit.card = c.number;
  visit.spent_delta = 100;
  REQUIRE(apply_effects(c, visit, "r-1:4", day("2026-11-11")).is_ok());
  REQUIRE(c.lots.size() == 2);  // burned, but an offline register's entry may still take it
  CHECK(c.lots[0].id == "r-1:1/0");
  CHECK(c.lots[1].id == "r-1:2/0");
  CHECK(c.lots[1].remaining == 50);
  REQUIRE(apply_effects(c, visit, "r-1:5", day("2026-11-10") + 92).is_ok());
  CHECK(c.lots.size() == 2);
  REQUIRE(apply_effects(c, visit, "r-1:6", day("2026-11-10") + 93).is_ok());
  REQUIRE(c.lots.size() == 1);
  CHECK(c.lots[0].id == "r-1:2/0");
  CHECK(summarize_points(c, day("2026-11-10") + 93).balance == 50);
}

TEST_CASE("an entry journalled offline before a lot burned still spends it, weeks later") {
  // Register 2 spent 60 of a lot on its last day, offline; register 1's entry of 40 days
  // later reached the card first. The lot is still there: no debt.
  CardState c = card();
  const Day d = day("2026-11-01");
  REQUIRE(apply_effects(c, accrual("cashback", d, 0, 10, 100), "r-1:1", d).is_ok());
  REQUIRE(apply_effects(c, accrual("cashback", d + 50, 0, 30, 40), "r-1:2", d + 50).is_ok());
  CardEffects spend;
  spend.card = c.number;
  spend.draws = {draw_on(c.lots[0], 60)};
  REQUIRE(apply_effects(c, spend, "r-2:1", d + 10).is_ok());
  CHECK(c.debt == 0);
  CHECK(summarize_points(c, d + 50).balance == 40);
}

TEST_CASE("a refund takes back points folded into another lot from that lot, even pending") {
  // Two receipts of one day accrue 100 points each, usable in 14 days: one lot of 200. A
  // refund of the second receipt takes its 100 from that lot: no debt.
  CardState c = card();
  const Day d = day("2026-11-01");
  REQUIRE(apply_effects(c, accrual("cashback", d, 14, 90, 100), "r-1:1", d).is_ok());
  REQUIRE(apply_effects(c, accrual("cashback", d, 14, 90, 100), "r-1:2", d).is_ok());
  REQUIRE(c.lots.size() == 1);
  CardEffects refund;
  refund.card = c.number;
  refund.draws = {LotDraw{"r-1:2/0", 100, LotDates{"cashback", d + 14, d + 90}}};
  REQUIRE(apply_effects(c, refund, "r-1:3", d).is_ok());
  CHECK(c.debt == 0);
  REQUIRE(c.lots.size() == 1);
  CHECK(c.lots[0].remaining == 100);
  CHECK(summarize_points(c, d).pending == 100);
}

TEST_CASE("a refund takes back what was left of burned points, then spent ones") {
  // 100 points usable through d + 10, 60 of them spent; the 40 left burned. Refunding the
  // receipt takes back 100: the 40 burned ones and 60 of the card's other 50, then 10 debt.
  // Once the burned lot has left the card (92 days on), nothing is taken back: how much of it
  // was spent is no longer known, and the customer is not charged twice.
  const Day d = day("2026-11-01");
  for (int late : {20, 10 + 93}) {
    for (bool folded : {true, false}) {
      CAPTURE(late);
      CAPTURE(folded);
      CardState c = card();
      auto apply = [folded](CardState& card, const CardEffects& fx, const std::string& id, Day on) {
        return folded ? apply_effects(card, fx, id, on) : apply_effects_unfolded(card, fx, id, on);
      };
      REQUIRE(apply(c, accrual("cashback", d, 0, 10, 100), "r-1:1", d).is_ok());
      CardEffects spend;
      spend.card = c.number;
      spend.draws = {draw_on(c.lots[0], 60)};
      REQUIRE(apply(c, spend, "r-1:2", d + 1).is_ok());
      REQUIRE(apply(c, accrual("cashback", d + 5, 0, 400, 50), "r-1:3", d + 5).is_ok());
      CardEffects refund;
      refund.card = c.number;
      refund.draws = {LotDraw{"r-1:1/0", 100, LotDates{"cashback", d, d + 10}}};
      REQUIRE(apply(c, refund, "r-1:4", d + late).is_ok());
      if (late == 20) {
        CHECK(c.debt == 10);
        CHECK(summarize_points(c, d + late).balance == -10);
      } else {
        CHECK(c.debt == 0);
        CHECK(summarize_points(c, d + late).balance == 50);
      }
    }
  }
}

TEST_CASE("a draw of an older version (no dates) on a lot folded away takes usable points") {
  CardState c = card();
  const Day d = day("2026-11-01");
  REQUIRE(apply_effects(c, accrual("cashback", d, 0, 90, 100), "r-1:1", d).is_ok());
  REQUIRE(apply_effects(c, accrual("cashback", d, 0, 90, 100), "r-1:2", d).is_ok());
  CardEffects refund;
  refund.card = c.number;
  refund.draws = {{"r-1:2/0", 150}};
  REQUIRE(apply_effects(c, refund, "r-1:3", d).is_ok());
  CHECK(c.debt == 0);
  REQUIRE(c.lots.size() == 1);
  CHECK(c.lots[0].remaining == 50);
}

TEST_CASE("a draw travels with its lot's kind; one without reads as before") {
  CardEffects fx;
  fx.card = "2000000000015";
  fx.draws = {LotDraw{"r-1:2/0", 100, LotDates{"cashback", day("2026-11-15"), std::nullopt}},
              {"r-1:3/0", 5}};
  Json j = effects_to_json(fx);
  CHECK(j["draws"].dump() ==
        R"([{"last_day":null,"lot":"r-1:2/0","points":100,"program":"cashback",)"
        R"("usable_from":"2026-11-15"},{"lot":"r-1:3/0","points":5}])");
  auto back = effects_from_json(j);
  REQUIRE(back.ok());
  REQUIRE(back->draws[0].dates);
  CHECK(back->draws[0].dates->program == "cashback");
  CHECK(back->draws[0].dates->usable_from == day("2026-11-15"));
  CHECK_FALSE(back->draws[0].dates->last_day);
  CHECK_FALSE(back->draws[1].dates);
}
