// Replacing a lost card (office.md "Customers and cards", "Exact rules": Lost card): the
// card's balance (lots, debt), spent, purchases, visit days, program marks, vouchers,
// groups, customer and referral move to a new card, and the old card's status becomes
// `lost` and it names the new card (`replaced_by`), where head office and registers apply
// what is journalled for it later (core/card_replacement.h); cards the lost card referred
// name the new card as their referrer. Pure: the
// route writes every state in one transaction (Storage::rewrite_cards).
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

// {old card after, new card after}. Refused: the same number or a card replaced already
// (invalid), a new card with history or with another customer (conflict).
core::Result<std::pair<core::CardState, core::CardState>> replace_lost_card(
    const core::CardState& lost, const std::optional<core::CardState>& fresh,
    const std::string& new_number);

// `referee` naming the replacement as its referrer, when it names the lost card: a reward
// still due, or the reversal of one given, goes to the card holding the referrer's points
// (docs/programs.md "referral"). Null when `referee` was not referred by `lost_number`.
std::optional<core::CardState> referred_by_replacement(const core::CardState& referee,
                                                       const std::string& lost_number,
                                                       const std::string& new_number);

}  // namespace kopilka::office
