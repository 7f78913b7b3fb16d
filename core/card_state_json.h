// CardState and its parts (customer, point lot, voucher) as JSON trees: how head office
// sends a card's authoritative state to registers in sync, how stores read a card back, and
// how entries and sales carry lots. One reader per type here. The tree writers walk the
// same key list as the text writer (card_state_fields.h), so a tree's dump is the text;
// they never throw (a string that is not UTF-8 is kept as it is, for the dump to replace).
// Round-trips exactly.
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
// {"email": bool, "sms": bool}; a channel not given is false; an unknown one is an error.
Result<Consents> consents_from_json(const Json& json);

// A lot's points are named by `amount_key`: "remaining" in a card's state and a sale's
// redeemed lots, "points" in an entry's new_lots.
Json lot_to_json(const PointLot& lot, const char* amount_key = "remaining");
Result<PointLot> lot_from_json(const Json& json, const char* amount_key = "remaining");

Json voucher_to_json(const Voucher& voucher);
Result<Voucher> voucher_from_json(const Json& json);

}  // namespace kopilka::core
