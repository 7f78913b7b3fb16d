// A card's state as the text head office stores in cards.state, written without building
// a JSON tree. Head office saves a card for every card touched by a group of pushed
// entries, and the tree (map nodes, a string per date, then a dump) was most of its time
// at the shift-close storm (docs/benchmarks.md). Reading stays with the JSON library.
//
// The text is byte for byte core::card_state_to_json(card).dump(), so what head office
// stores and sends stays what registers compute from the same state.
#pragma once

#include <string>

#include "core/card_state.h"

namespace kopilka::office {

// core::card_state_to_json(card).dump(), written directly.
std::string card_state_text(const core::CardState& card);

}  // namespace kopilka::office
