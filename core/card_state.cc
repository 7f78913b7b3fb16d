// CardStatus and CardType names as the API spells them; see card_state.h.
#include "core/card_state.h"

namespace kopilka::core {

const char* to_string(CardStatus status) {
  switch (status) {
    case CardStatus::kActive:
      return "active";
    case CardStatus::kBlocked:
      return "blocked";
    case CardStatus::kLost:
      return "lost";
  }
  return "active";
}

std::optional<CardStatus> card_status_from(std::string_view text) {
  if (text == "active") return CardStatus::kActive;
  if (text == "blocked") return CardStatus::kBlocked;
  if (text == "lost") return CardStatus::kLost;
  return std::nullopt;
}

const char* to_string(CardType type) {
  return type == CardType::kGift ? "gift" : "loyalty";
}

std::optional<CardType> card_type_from(std::string_view text) {
  if (text == "loyalty") return CardType::kLoyalty;
  if (text == "gift") return CardType::kGift;
  return std::nullopt;
}

}  // namespace kopilka::core
