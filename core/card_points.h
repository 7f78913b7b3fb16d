// A card's points as of a day: balance, usable, pending and what burns when. Lots past
// their last day have burned and count for nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "core/card_state.h"

namespace kopilka::core {

struct Burning {
  Day on = 0;  // the last day the points can be used
  std::int64_t points = 0;
};

struct PointsSummary {
  std::int64_t balance = 0;      // Σ live lots − debt (negative while in debt)
  std::int64_t usable = 0;       // balance − pending
  std::int64_t pending = 0;      // accrued but not usable yet (delay_days)
  std::vector<Burning> burning;  // every future burn date, soonest first
};

bool lot_alive(const PointLot& lot, Day today);
bool lot_usable(const PointLot& lot, Day today);
PointsSummary summarize_points(const CardState& card, Day today);

}  // namespace kopilka::core
