// Levels over a rolling window (programs.md "Levels over a rolling window, and going down"):
// what a card spent by day, the sum a windowed program chooses its level by, and what must be
// spent by which date to keep the current level.
#pragma once

#include <optional>

#include "core/card_state.h"
#include "core/program.h"

namespace kopilka::core {

// The longest `level_window_days` a program may have, and so the days a card keeps: today
// and the 730 days before it (what the longest window ending today or later can see).
inline constexpr int kMaxLevelWindowDays = 730;
inline constexpr int kSpentDaysKept = kMaxLevelWindowDays + 1;

// What the card had spent by the end of `today`: its lifetime `spent` less what it spent on
// later days (a receipt dated later but confirmed first). What a lifetime level is chosen
// by, and what the card's answer shows at `at`.
Kopecks spent_by(const CardState& card, Day today);

// What a program's level is chosen by on `today`: the card's lifetime `spent` less what it
// spent on later days, or, with a window of N days, what it spent on `today` and the N days
// before it (a receipt exactly N days back still counts).
Kopecks level_spent(const Program& p, const CardState& card, Day today);

// Adds `delta` to what the card spent on `day` (a refund subtracts on its receipt's day);
// a day that comes to zero or below is dropped. kInvalid naming spent_delta on overflow.
Status add_spent_day(CardState& card, Day day, Kopecks delta);

// Drops the days no window can reach any more from `today`.
void forget_old_spent_days(CardState& card, Day today);

// To keep the level it has on `today` (from_spent `level_from` > 0), the card must spend
// `amount` more by `by` (inclusive): the last day before the window, with nothing more
// bought, would fall below the level.
struct LevelKeep {
  Kopecks amount = 0;
  Day by = 0;
};
std::optional<LevelKeep> level_keep(const Program& p, const CardState& card, Day today,
                                    Kopecks level_from);

}  // namespace kopilka::core
