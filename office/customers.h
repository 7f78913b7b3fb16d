// Customers as people at head office (docs/office.md "Customers"): a card's document keeps
// its customer's contacts, and these tables index them (schema/office/005_customers.sql):
// one row per customer, the folded words of its name, and which customer each card belongs
// to. Written once for both engines over office/sql.h; every write of a card's customer
// calls index_card_customer, inside the card's transaction where there is one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/card_edit.h"
#include "core/card_state.h"
#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

struct CustomerRecord {
  core::Customer contacts;
  core::Instant created = 0;
  core::Instant updated = 0;
  std::vector<std::string> cards;  // ascending
};

// Keeps the index in step with `card`: its customer's row (contacts as on the card, the
// last write wins; what the card leaves blank stays the customer's), the name's words, and the card
// → customer link. A card without a customer loses its link; a customer left without cards by this
// card is removed.
core::Status index_card_customer(Sql& sql, const core::CardState& card, core::Instant now);

// Creates or updates one customer's row and name words (no card links). With `keep_known`
// (a card's write), a blank name, phone, e-mail or birthday keeps the customer's own.
core::Status save_customer_row(Sql& sql, const core::Customer& c, core::Instant now,
                               bool keep_known = false);

core::Result<std::optional<CustomerRecord>> load_customer(Sql& sql, const std::string& id);

// A card joining a customer head office knows (the edit names their id, and the card is not
// theirs yet) starts from the customer's contacts, consents included: what the edit leaves
// unsaid stays the customer's instead of being blank on this card and then on the customer.
// Call before core::apply_card_edit.
core::Status join_known_customer(Sql& sql, core::CardState& card, const core::CardEdit& edit);
core::Result<std::vector<std::string>> customer_cards(Sql& sql, const std::string& id);
// Removes a customer and its words (after a merge has moved its cards away).
core::Status forget_customer(Sql& sql, const std::string& id);

// Customers whose card number, phone (any spelling, core/phone.h), e-mail (any case) or
// name (every word of `q` a prefix of some word of the name) matches; exact matches first,
// at most `limit`. `q` must not be blank.
core::Result<std::vector<CustomerRecord>> search_customers(Sql& sql, const std::string& q,
                                                           int limit);

// {"id", "name", "phone", "email", "cards": [number…]}: one row of a search.
core::Json customer_summary(const CustomerRecord& c);
// The contacts as the API shows them: summary fields, "birthday", "consents".
core::Json customer_contacts(const CustomerRecord& c);

}  // namespace kopilka::office
