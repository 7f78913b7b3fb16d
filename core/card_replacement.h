// Which card an entry for a replaced card changes (office.md "Lost card"): a lost card's
// replacement, followed to the card that is not itself lost and replaced. Head office applies
// pushed entries there, and a register refunds there a purchase made with the old card, so the
// points a lost card's purchase earned are taken back from the card that now holds them.
#pragma once

#include <string>
#include <string_view>

#include "core/card_state.h"

namespace kopilka::core {

// A chain longer than this (a card replaced again and again) stops where it got to: no
// loop of replacements can hold a register or head office.
inline constexpr int kMaxReplacements = 16;

// The replacement `card` names, or "" when it is not a lost, replaced card.
inline std::string_view replacement_of(const CardState& card) {
  return card.status == CardStatus::kLost ? std::string_view(card.replaced_by) : "";
}

// The number of the card that holds what was `number`'s. `find(number)` gives that card's
// state, or nullptr when it is not known (a replacement not loaded, or new).
template <typename Find>
std::string card_holding(const std::string& number, Find&& find) {
  std::string at = number;
  for (int hop = 0; hop < kMaxReplacements; ++hop) {
    const CardState* card = find(at);
    if (!card || replacement_of(*card).empty()) break;
    at = std::string(replacement_of(*card));
  }
  return at;
}

}  // namespace kopilka::core
