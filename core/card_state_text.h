// The writer of a card's state and of its parts (customer, point lot, voucher), as
// JSON text written without building a tree: both stores save a card for every card an
// entry touches, and the tree (map nodes, a string per date, then a dump) was most of head
// office's time at the shift-close storm (docs/benchmarks.md). The text is what
// nlohmann's dump of the same tree (card_state_json.h) gives with error_handler_t::replace:
// keys in byte order, no spaces, bytes that are not UTF-8 as U+FFFD. Both walk the one key
// list, card_state_fields.h.
#pragma once

#include <string>

#include "core/card_state.h"

namespace kopilka::core {

std::string card_state_text(const CardState& card);

// Parts, appended to `out`. A lot's points are named by `amount_key`: "remaining" in a
// card's state and a sale's redeemed lots, "points" in an entry's new_lots.
void append_customer_text(std::string& out, const Customer& customer);
void append_lot_text(std::string& out, const PointLot& lot, const char* amount_key);
void append_voucher_text(std::string& out, const Voucher& voucher);

}  // namespace kopilka::core
