// A card's state as the text head office stores in cards.state, written and read without
// building a JSON tree. Head office loads and saves a card for every card touched by a
// group of pushed entries, and the tree (map nodes, a string per date, then a dump or a
// walk) was most of its time at the shift-close storm (docs/benchmarks.md).
//
// The text is byte for byte core::card_state_to_json(card).dump(), so what head office
// stores and sends stays what registers compute from the same state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/card_state.h"

namespace kopilka::office {

// core::card_state_to_json(card).dump(), written directly.
std::string card_state_text(const core::CardState& card);

// Reads the text card_state_text writes. Anything else (another key order, whitespace,
// escapes, a missing optional key, a damaged document) is nullopt: read it with
// core::parse_json_exact and core::card_state_from_json, which accept every valid form
// and name what is wrong. What this accepts, those read to the same state.
std::optional<core::CardState> card_state_from_text(std::string_view text);

}  // namespace kopilka::office
