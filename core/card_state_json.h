// CardState as JSON: how head office sends a card's authoritative state to registers in
// sync, and how stores that keep a card as one document save it. Round-trips exactly.
#pragma once

#include "core/card_state.h"
#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::core {

Json card_state_to_json(const CardState& card);
// Validates every field; an error names the JSON path of the bad field.
Result<CardState> card_state_from_json(const Json& json);

Json customer_to_json(const Customer& customer);
Result<Customer> customer_from_json(const Json& json);

}  // namespace kopilka::core
