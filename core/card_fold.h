// Folding a card's point lots, so that a card stays as small as what can still change
// (docs/programs.md "Point lots and folding"). Empty lots leave the card; a burned lot
// leaves it kBurnedLotDays after its last day (until then a refund or an entry of a
// register that was offline may still take from it); lots of one kind (the same origin,
// program, first usable day and last day) are interchangeable and become one, under the
// smallest id. Every reader of lots (balance, burning, spending order, refunds) gives the
// same figures on the folded card as on the unfolded one, for every entry that reaches the
// card less than kBurnedLotDays late; the register and head office fold alike because
// apply_effects folds after every entry.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/card_state.h"

namespace kopilka::core {

// The register (or other source) whose entry made a lot: "r-1:41/0" → "r-1". Reports count
// a lot's burn for it, so lots of different origins never fold together.
std::string lot_origin(const std::string& lot_id);
// The same, without a copy: a view into `lot_id`.
std::string_view lot_origin_view(std::string_view lot_id);

// How long a burned lot stays on the card: an entry journalled offline up to this many
// days before the card's latest entry still finds it.
inline constexpr int kBurnedLotDays = 92;

// A lot that burned more than kBurnedLotDays before `today`: no entry of that day takes
// from it, folded away or not.
bool lot_gone(const std::optional<Day>& last_day, Day today);

// What makes lots interchangeable.
struct LotKind {
  std::string origin;
  std::string program;
  Day usable_from = 0;
  std::optional<Day> last_day;
  bool operator==(const LotKind&) const = default;
};
LotKind lot_kind(const PointLot& lot);
// lot_kind(a) == lot_kind(b), and lot_kind(lot) == kind, without building a kind.
bool same_kind(const PointLot& a, const PointLot& b);
bool of_kind(const PointLot& lot, const LotKind& kind);

// Orders kinds as they are spent: soonest to burn first (never last), then earlier usable,
// program, origin. burns_sooner (card_points.h) breaks ties by this, then by id, so lots of
// one kind are always next to each other.
bool kind_before(const LotKind& a, const LotKind& b);

// Empty lots and lots gone on `today` leave; lots of one kind merge into the one with the
// smallest id. The lots end in spending order.
void fold_lots(CardState& card, Day today);

}  // namespace kopilka::core
