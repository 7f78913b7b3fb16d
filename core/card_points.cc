// Points burning: lot life, spending order, summary and warning; see card_points.h.
#include "core/card_points.h"

#include <limits>
#include <map>

#include "core/card_fold.h"

namespace kopilka::core {

PointLot new_lot(std::string id, std::string program, Day earned, int delay_days,
                 std::optional<int> lifetime_days, std::int64_t points) {
  PointLot lot;
  lot.id = std::move(id);
  lot.program = std::move(program);
  lot.earned_day = earned;
  lot.usable_from = earned + delay_days;
  if (lifetime_days) lot.last_day = earned + *lifetime_days;
  lot.remaining = points;
  return lot;
}

bool lot_alive(const PointLot& lot, Day today) {
  return lot.remaining > 0 && (!lot.last_day || *lot.last_day >= today);
}

bool lot_usable(const PointLot& lot, Day today) {
  return lot_alive(lot, today) && lot.usable_from <= today;
}

bool burns_sooner(const PointLot& a, const PointLot& b) {
  Day da = a.last_day.value_or(std::numeric_limits<Day>::max());
  Day db = b.last_day.value_or(std::numeric_limits<Day>::max());
  if (da != db) return da < db;
  if (a.usable_from != b.usable_from) return a.usable_from < b.usable_from;
  if (a.program != b.program) return a.program < b.program;
  const std::string_view oa = lot_origin_view(a.id), ob = lot_origin_view(b.id);
  return oa != ob ? oa < ob : a.id < b.id;  // as kind_before, then id
}

PointsSummary summarize_points(const CardState& card, Day today) {
  PointsSummary s;
  std::map<Day, std::int64_t> burn;
  for (const auto& lot : card.lots) {
    // A lot earned after `today` (a receipt journalled with a later `at`) is not the card's
    // yet as of today: lots depend on `at` alone (programs.md "Units").
    if (!lot_alive(lot, today) || lot.earned_day > today) continue;
    s.balance += lot.remaining;
    if (lot.usable_from > today) s.pending += lot.remaining;
    if (lot.last_day) burn[*lot.last_day] += lot.remaining;
  }
  s.balance -= card.debt;
  s.usable = s.balance - s.pending;
  for (const auto& [day, points] : burn) s.burning.push_back({day, points});
  return s;
}

std::vector<BurnWarning> burn_warnings(const PointsSummary& points, Day today, int warning_days) {
  std::vector<BurnWarning> out;
  for (const auto& b : points.burning) {
    std::int64_t days = b.on - today;
    if (days > warning_days) break;  // soonest first: the rest burn later still
    out.push_back({b.points, days});
  }
  return out;
}

}  // namespace kopilka::core
