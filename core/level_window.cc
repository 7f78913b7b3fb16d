// Rolling-window levels; see level_window.h.
#include "core/level_window.h"

#include <algorithm>
#include <limits>

namespace kopilka::core {

Kopecks spent_by(const CardState& card, Day today) {
  // A day is the finest the card keeps: a later receipt of the same day counts.
  Kopecks later = 0;
  for (auto d = card.spent_days.rbegin(); d != card.spent_days.rend() && d->day > today; ++d)
    later = checked_add(later, d->amount).value_or(card.spent);
  return card.spent > later ? card.spent - later : 0;
}

Kopecks level_spent(const Program& p, const CardState& card, Day today) {
  // programs.md: a level uses `spent` as it stood before the receipt, and every rule is
  // evaluated at `at`. What the card spent on days after `today` (a receipt confirmed
  // earlier but dated later: a replay after an outage, a POS sending a past `at`) does not
  // count yet.
  if (p.level_window_days <= 0) return spent_by(card, today);
  // programs.md: "a receipt exactly `level_window_days` days back still counts".
  const Day first = today - p.level_window_days;
  Kopecks sum = 0;
  for (const DaySpent& d : card.spent_days) {
    if (d.day < first || d.day > today) continue;
    auto next = checked_add(sum, d.amount);
    if (!next) return std::numeric_limits<Kopecks>::max();  // above every level
    sum = *next;
  }
  return sum;
}

Status add_spent_day(CardState& card, Day day, Kopecks delta) {
  auto it = std::lower_bound(card.spent_days.begin(), card.spent_days.end(), day,
                             [](const DaySpent& d, Day x) { return d.day < x; });
  const bool found = it != card.spent_days.end() && it->day == day;
  auto sum = checked_add(found ? it->amount : 0, delta);
  if (!sum) return Status::invalid("is out of range", "spent_delta");
  if (*sum <= 0) {
    if (found) card.spent_days.erase(it);
  } else if (found) {
    it->amount = *sum;
  } else {
    card.spent_days.insert(it, DaySpent{day, *sum});
  }
  return Status::ok();
}

void forget_old_spent_days(CardState& card, Day today) {
  const Day first = today - kSpentDaysKept + 1;
  auto keep = std::find_if(card.spent_days.begin(), card.spent_days.end(),
                           [&](const DaySpent& d) { return d.day >= first; });
  card.spent_days.erase(card.spent_days.begin(), keep);
}

std::optional<LevelKeep> level_keep(const Program& p, const CardState& card, Day today,
                                    Kopecks level_from) {
  if (p.level_window_days <= 0 || level_from <= 0) return std::nullopt;
  Kopecks sum = level_spent(p, card, today);
  if (sum < level_from) return std::nullopt;
  // Day by day from tomorrow, the window drops its oldest day; the first day on which what
  // is left falls below the level is the day the level would be lost.
  const Day first = today - p.level_window_days;
  for (const DaySpent& d : card.spent_days) {
    if (d.day < first || d.day > today) continue;
    sum -= d.amount;
    if (sum < level_from) {
      const Day lost_on = d.day + p.level_window_days + 1;
      return LevelKeep{level_from - sum, lost_on - 1};
    }
  }
  return std::nullopt;  // unreachable: every day drops out in the end
}

}  // namespace kopilka::core
