// Points burning: every rule about a card's point lots lives here (docs: the spec's
// programs.md, `bonus` "Points accrued on day D…", "Computing one receipt" step 4 and
// "Messages"). A lot's life (usable from D + delay_days through D + lifetime_days), which
// lots are alive or usable on a day, the soonest-to-burn order in which lots are spent,
// the card's balance/usable/pending/burning summary, and the burn warning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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

// A new lot of `points` earned on `earned`: usable from earned + delay_days, last usable
// on earned + lifetime_days (none: the points never burn). `id` is the entry-local index.
PointLot new_lot(std::string id, std::string program, Day earned, int delay_days,
                 std::optional<int> lifetime_days, std::int64_t points);

bool lot_alive(const PointLot& lot, Day today);
bool lot_usable(const PointLot& lot, Day today);

// The order lots are spent in: soonest to burn first, lots that never burn last; ties by
// kind (card_fold.h: first usable day, program, origin), then id, so the register and head
// office agree and a card spends alike before and after its lots are folded.
bool burns_sooner(const PointLot& a, const PointLot& b);

PointsSummary summarize_points(const CardState& card, Day today);

// The burn warning: points burning within `warning_days` of today (config
// expiry_warning_days), soonest first, each with the days left.
struct BurnWarning {
  std::int64_t points = 0;
  std::int64_t days = 0;  // 0: they burn at the end of today
};
std::vector<BurnWarning> burn_warnings(const PointsSummary& points, Day today, int warning_days);

}  // namespace kopilka::core
