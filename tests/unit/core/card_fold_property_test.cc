// The property behind folding (card_fold.h): random histories of receipts (spending and
// accruing), refunds, adjustments and offline double spends, from two registers, replayed
// on a folded card (apply_effects) and on an unfolded one (apply_effects_unfolded). The
// draws are made from the folded card, as a register makes them. After every entry the
// balance, usable and pending points, the burn schedule, the debt and the points of every
// lot kind are equal, and the folded card holds exactly one lot per kind not gone yet.
#include <map>
#include <random>

#include "core/card_fold.h"
#include "core/card_points.h"
#include "core/effects.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

struct Sale {
  std::string entry;
  PointLot accrued;  // id "0"; remaining: points not yet taken back
  std::vector<PointLot> redeemed;
};

std::string kind_text(const PointLot& l) {
  const LotKind k = lot_kind(l);
  return k.origin + "|" + k.program + "|" + std::to_string(k.usable_from) + "|" +
         (k.last_day ? std::to_string(*k.last_day) : "-");
}

std::map<std::string, std::int64_t> by_kind(const CardState& c, Day today) {
  std::map<std::string, std::int64_t> out;
  for (const auto& l : c.lots)
    if (lot_alive(l, today)) out[kind_text(l)] += l.remaining;
  return out;
}

// Spends up to `want` usable points, soonest to burn first, each program capped: what a
// receipt's redemption does (engine_points.cc).
std::vector<LotDraw> spend(const CardState& c, Day today, std::int64_t want,
                           std::map<std::string, std::int64_t> allowance) {
  std::vector<const PointLot*> order;
  for (const auto& l : c.lots)
    if (lot_usable(l, today)) order.push_back(&l);
  std::sort(order.begin(), order.end(),
            [](const PointLot* a, const PointLot* b) { return burns_sooner(*a, *b); });
  std::vector<LotDraw> draws;
  for (const PointLot* l : order) {
    std::int64_t n = std::min({want, l->remaining, allowance[l->program]});
    if (n <= 0) continue;
    allowance[l->program] -= n;
    want -= n;
    draws.push_back(draw_on(*l, n));
  }
  return draws;
}

std::int64_t total(const std::vector<LotDraw>& draws) {
  std::int64_t n = 0;
  for (const auto& d : draws) n += d.points;
  return n;
}

void check_equal(const CardState& f, const CardState& u, Day today) {
  auto a = summarize_points(f, today), b = summarize_points(u, today);
  REQUIRE(a.balance == b.balance);
  REQUIRE(a.usable == b.usable);
  REQUIRE(a.pending == b.pending);
  REQUIRE(a.burning.size() == b.burning.size());
  for (std::size_t i = 0; i < a.burning.size(); ++i) {
    REQUIRE(a.burning[i].on == b.burning[i].on);
    REQUIRE(a.burning[i].points == b.burning[i].points);
  }
  REQUIRE(f.debt == u.debt);
  const auto fk = by_kind(f, today), uk = by_kind(u, today);
  REQUIRE(fk == uk);
  // One lot per kind not gone yet, burned ones included (an offline entry may take them).
  std::map<std::string, std::int64_t> kept;
  for (const auto& l : u.lots)
    if (l.remaining > 0 && !lot_gone(l.last_day, today)) kept[kind_text(l)] += l.remaining;
  std::map<std::string, std::int64_t> folded;
  for (const auto& l : f.lots) folded[kind_text(l)] += l.remaining;
  REQUIRE(folded == kept);
  REQUIRE(f.lots.size() == kept.size());
}

void run_history(unsigned seed, int entries) {
  std::mt19937 rng(seed);
  CardState f = card(), u = card();
  Day today = day("2026-01-01");
  int seq[2] = {0, 0};
  std::vector<Sale> sales;
  const char* programs[] = {"a", "b", ""};
  const std::optional<int> lives[] = {std::nullopt, 3, 10, 30};
  for (int i = 0; i < entries; ++i) {
    today += static_cast<Day>(rng() % 3);
    const int reg = static_cast<int>(rng() % 2);
    const std::string id = "r-" + std::to_string(reg) + ":" + std::to_string(++seq[reg]);
    CardEffects fx;
    fx.card = f.number;
    const unsigned roll = rng() % 100;
    std::optional<Sale> sale;
    if (roll < 60) {  // a receipt: spend some, accrue some
      std::map<std::string, std::int64_t> caps = {
          {"a", rng() % 200}, {"b", rng() % 200}, {"", 1000}};
      const std::int64_t want = rng() % 150;
      fx.draws = spend(f, today, want, caps);
      // The unfolded card would spend as much of every kind.
      const auto other = spend(u, today, want, caps);
      REQUIRE(total(fx.draws) == total(other));
      const char* program = programs[rng() % 2];
      fx.new_lots = {new_lot("0", program, today, static_cast<int>(rng() % 3), lives[rng() % 4],
                             1 + static_cast<std::int64_t>(rng() % 200))};
      sale = Sale{id, fx.new_lots[0], {}};
      for (const auto& d : fx.draws) {
        PointLot drawn;
        drawn.id = d.lot_id;
        drawn.program = d.dates->program;
        drawn.usable_from = d.dates->usable_from;
        drawn.last_day = d.dates->last_day;
        drawn.earned_day = d.dates->usable_from;
        drawn.remaining = d.points;
        sale->redeemed.push_back(drawn);
      }
    } else if (roll < 78 && !sales.empty()) {  // a refund: accrued points back, spent ones out
      Sale& s = sales[rng() % sales.size()];
      const std::int64_t back = static_cast<std::int64_t>(rng() % (s.accrued.remaining + 1));
      if (back > 0)
        fx.draws = {{s.entry + "/0", back,
                     LotDates{s.accrued.program, s.accrued.usable_from, s.accrued.last_day}}};
      s.accrued.remaining -= back;
      if (!s.redeemed.empty()) {
        PointLot& r = s.redeemed.back();
        PointLot given = r;
        given.id = "0";
        fx.new_lots = {given};
        s.redeemed.pop_back();
      }
    } else if (roll < 86) {  // taken by hand: from live lots, then debt (engine_time.cc)
      std::vector<const PointLot*> order;
      for (const auto& l : f.lots)
        if (lot_alive(l, today)) order.push_back(&l);
      std::sort(order.begin(), order.end(),
                [](const PointLot* a, const PointLot* b) { return burns_sooner(*a, *b); });
      std::int64_t want = 1 + static_cast<std::int64_t>(rng() % 100);
      for (const PointLot* l : order) {
        if (want == 0) break;
        std::int64_t n = std::min(want, l->remaining);
        fx.draws.push_back(draw_on(*l, n));
        want -= n;
      }
      if (want > 0) fx.draws.push_back({"", want});
    } else if (roll < 93) {  // added by hand
      fx.new_lots = {
          new_lot("0", "", today, 0, lives[rng() % 4], 1 + static_cast<std::int64_t>(rng() % 300))};
    } else if (!f.lots.empty()) {  // another register's offline spend of a lot, once more
      const PointLot& l = f.lots[rng() % f.lots.size()];
      fx.draws = {draw_on(l, 1 + static_cast<std::int64_t>(rng() % 100))};
    }
    CAPTURE(i);
    CAPTURE(id);
    REQUIRE(apply_effects(f, fx, id, today).is_ok());
    REQUIRE(apply_effects_unfolded(u, fx, id, today).is_ok());
    if (sale) sales.push_back(*sale);
    check_equal(f, u, today);
    // Folding is a fixed point: folding a folded card again changes nothing.
    CardState again = f;
    fold_lots(again, today);
    REQUIRE(again.lots.size() == f.lots.size());
  }
}

}  // namespace

TEST_CASE("folded and unfolded cards agree on every figure over random histories") {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    run_history(seed, 400);
  }
}
