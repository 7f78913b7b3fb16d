// Replacing a lost card (office.md "Customers and cards", "Exact rules": Lost card): the
// card's balance (lots, debt), spent, purchases, visit days, program marks, vouchers,
// groups and customer move to a new card, and the old card's status becomes `lost`. Pure:
// the route writes both states in one transaction (Storage::rewrite_cards).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "core/card_state.h"
#include "core/status.h"

namespace kopilka::office {

// A card with anything a register or head office counted on it: purchases, spent, points
// or debt, visits, marks or vouchers.
bool has_history(const core::CardState& card);

// {old card after, new card after}. Refused: the same number (invalid), a new card with
// history or with another customer (conflict).
core::Result<std::pair<core::CardState, core::CardState>> replace_lost_card(
    const core::CardState& lost, const std::optional<core::CardState>& fresh,
    const std::string& new_number);

}  // namespace kopilka::office
