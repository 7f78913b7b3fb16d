// Folding a card's point lots; see card_fold.h.
#include "core/card_fold.h"

#include <algorithm>
#include <limits>
#include <string_view>
#include <tuple>

#include "core/card_points.h"

namespace kopilka::core {

std::string_view lot_origin_view(std::string_view lot_id) {
  const std::string_view entry = lot_id.substr(0, lot_id.find('/'));
  const auto colon = entry.rfind(':');
  return colon == std::string_view::npos ? entry : entry.substr(0, colon);
}

std::string lot_origin(const std::string& lot_id) {
  return std::string(lot_origin_view(lot_id));
}

bool same_kind(const PointLot& a, const PointLot& b) {
  return a.last_day == b.last_day && a.usable_from == b.usable_from && a.program == b.program &&
         lot_origin_view(a.id) == lot_origin_view(b.id);
}

bool of_kind(const PointLot& lot, const LotKind& kind) {
  return lot.last_day == kind.last_day && lot.usable_from == kind.usable_from &&
         lot.program == kind.program && lot_origin_view(lot.id) == kind.origin;
}

bool lot_gone(const std::optional<Day>& last_day, Day today) {
  return last_day && *last_day < today - kBurnedLotDays;
}

LotKind lot_kind(const PointLot& lot) {
  return {lot_origin(lot.id), lot.program, lot.usable_from, lot.last_day};
}

bool kind_before(const LotKind& a, const LotKind& b) {
  const Day never = std::numeric_limits<Day>::max();
  const Day la = a.last_day.value_or(never), lb = b.last_day.value_or(never);
  return std::tie(la, a.usable_from, a.program, a.origin) <
         std::tie(lb, b.usable_from, b.program, b.origin);
}

void fold_lots(CardState& card, Day today) {
  auto& lots = card.lots;
  lots.erase(std::remove_if(lots.begin(), lots.end(),
                            [&](const PointLot& l) {
                              return l.remaining <= 0 || lot_gone(l.last_day, today);
                            }),
             lots.end());
  // Folded lots stay in this order, so a card that only lost or gained a few is sorted
  // again cheaply; a card of many lots is folded after every entry.
  if (!std::is_sorted(lots.begin(), lots.end(), burns_sooner))
    std::sort(lots.begin(), lots.end(), burns_sooner);
  // Lots of one kind are now adjacent, the smallest id first: it takes the others' points.
  // Their sum cannot overflow: add_lot keeps the sum of all the card's lots countable.
  std::vector<PointLot> folded;
  folded.reserve(lots.size());
  for (auto& l : lots) {
    if (!folded.empty() && same_kind(folded.back(), l)) {
      folded.back().remaining += l.remaining;
      folded.back().earned_day = std::min(folded.back().earned_day, l.earned_day);
    } else {
      folded.push_back(std::move(l));
    }
  }
  lots = std::move(folded);
}

}  // namespace kopilka::core
