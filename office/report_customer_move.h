// A customer merged into another, in the report tables: the merged customer's days become
// the survivor's, in the same transaction as the merge, so that every report counts one
// person once (office.md "Reports": a customer is a card's customer). Their visits are
// counted anew as one list, and the survivor's first day is the earlier of the two.
#pragma once

#include <string>

#include "core/status.h"
#include "office/sql.h"

namespace kopilka::office {

core::Status move_report_customer(Sql& sql, const std::string& from, const std::string& into);

// A card without a customer given one: its history, counted as the card's own customer
// ("card:NUMBER"), becomes the customer's, as a merge (its receipts refunded later too).
// `customer` may be another card's own ("card:NEW", the replacement of a lost card without
// a customer). Its own transaction: call after the card is saved.
core::Status give_card_history(Sql& sql, const std::string& number, const std::string& customer);

}  // namespace kopilka::office
