// Rules shared by the engine's steps (internal to core): when a program applies at a
// time, to a card and to a line.
#pragma once

#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/engine.h"
#include "core/program.h"
#include "core/receipt.h"

namespace kopilka::core {

// The moment and card a calculation runs for.
struct RuleContext {
  Instant at = 0;
  Day today = 0;
  int minute = 0;                   // local minutes since midnight
  const CardState* card = nullptr;  // non-null only when loyalty applies (active card)
  const Settings* settings = nullptr;
};

// The context of a rule read at `at`: its local day and minute in the settings' zone, and
// `card` (null: no loyalty card applies).
RuleContext rule_context(Instant at, const Settings& settings, const CardState* card = nullptr);

// The day `valid` and `schedule.days` are read for: today, or yesterday in the hours after
// midnight of a schedule that crosses it (the night belongs to the day its evening began).
Day program_day(const Program& p, const RuleContext& ctx);
// Inside `valid`: its days (read on program_day) and its times (read at `at`).
bool within_valid(const Program& p, const RuleContext& ctx);
// Enabled, inside `valid`, inside `schedule`, and the card (or anyone) in its audience.
bool program_active(const Program& p, const RuleContext& ctx);
// The line is in the program's scope and not in a no-loyalty category.
bool line_in_scope(const Program& p, const ReceiptLine& line, const Settings& settings);
bool no_loyalty(const ReceiptLine& line, const Settings& settings);
// The line is in a bundle's get_scope (its scope when it has none) and not no-loyalty.
bool line_in_get_scope(const Program& p, const ReceiptLine& line, const Settings& settings);
// `min_total` met by the receipt's total before discounts, no-loyalty lines included. A
// next_purchase's min_total is the purchase that earns its voucher, not a gate on using it.
bool meets_min_total(const Program& p, Kopecks total_before);
// Whole units of a line: a quantity of 2.5 counts 2.
std::int64_t whole_units(const ReceiptLine& line);

// Visits reward due on this receipt (programs.md "visits").
bool visits_reward_due(const Program& p, const CardState& card, Day today);
// The card's voucher from `p` usable today (soonest to expire), or null.
const Voucher* usable_voucher(const Program& p, const CardState& card, Day today);

// Percent as the API shows it: 10 or 12.5.
Json percent_json(PercentBp bp);

}  // namespace kopilka::core
