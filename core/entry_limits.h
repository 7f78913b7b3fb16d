// The limits of what a register's API accepts and journals, in one place: the register's
// admin paths check a points adjustment with them, and head office checks every pushed
// journal entry against them before applying it (docs/sync.md, "Push"), so an entry a
// register could never have written is refused, not applied.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/effects.h"
#include "core/money.h"
#include "core/receipt.h"
#include "core/status.h"

namespace kopilka::core {

// A points adjustment (pos-api "Admin"): a whole number, not 0, within ±10^9; a lifetime
// of 0 to 36 600 days.
inline constexpr std::int64_t kMaxAdjustPoints = 1'000'000'000;
inline constexpr std::int64_t kMaxLifetimeDays = 36600;
// The most money one receipt can hold, and so the most points or `spent` one entry can
// move: every line at the largest amount (point_value is at least one kopeck).
inline constexpr std::int64_t kMaxEntryAmount = static_cast<std::int64_t>(kMaxLines) * kMaxAmount;
// The most point lots one entry grants: a receipt one per program that accrues, a refund
// the lots its sale drew back.
inline constexpr std::size_t kMaxEntryLots = 1000;
// The longest identifier an entry's effects carry (a lot's, a voucher's, a program's): the
// register's own are under 100 bytes ("r-1a2b:123456789/0", a program id of at most 64),
// and each is kept on the card that every later entry rewrites and every register pulls.
inline constexpr std::size_t kMaxEffectIdBytes = 128;

Status check_adjust_points(std::int64_t points);  // names "points"
Status check_lifetime_days(std::int64_t days);    // names "lifetime_days"

// The kinds of journal entry a register writes: receipt, refund, cancel, adjust, birthday,
// topup.
bool is_entry_kind(std::string_view kind);

// An entry's effects against what the register's engine can produce for its kind: signs
// (a receipt never lowers `spent`, a refund never raises it, an adjustment or a birthday
// gift moves points only) and bounds (no entry moves more than kMaxEntryAmount; an
// adjustment no more than kMaxAdjustPoints; no more than kMaxEntryLots new lots; a coupon
// program once; no identifier longer than kMaxEffectIdBytes), card numbers that are not a
// bank card's. The error names the field
// ("kind", "effects.new_lots[0].points").
Status check_entry(std::string_view kind, const CardEffects& effects);

}  // namespace kopilka::core
