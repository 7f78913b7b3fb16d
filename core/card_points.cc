// Points summary; see card_points.h.
#include "core/card_points.h"

#include <map>

namespace kopilka::core {

bool lot_alive(const PointLot& lot, Day today) {
  return lot.remaining > 0 && (!lot.last_day || *lot.last_day >= today);
}

bool lot_usable(const PointLot& lot, Day today) {
  return lot_alive(lot, today) && lot.usable_from <= today;
}

PointsSummary summarize_points(const CardState& card, Day today) {
  PointsSummary s;
  std::map<Day, std::int64_t> burn;
  for (const auto& lot : card.lots) {
    if (!lot_alive(lot, today)) continue;
    s.balance += lot.remaining;
    if (lot.usable_from > today) s.pending += lot.remaining;
    if (lot.last_day) burn[*lot.last_day] += lot.remaining;
  }
  s.balance -= card.debt;
  s.usable = s.balance - s.pending;
  for (const auto& [day, points] : burn) s.burning.push_back({day, points});
  return s;
}

}  // namespace kopilka::core
