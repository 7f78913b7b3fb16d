// The service desk's actions on customers and cards that change several cards at once:
// editing a customer's contacts (every card of the customer carries them), replacing a
// lost card, merging two customers. Each is one Storage::rewrite_cards transaction that
// also keeps the customers index (customers.h) in step, so every card it writes takes a
// new change number and reaches every register at its next pull.
#pragma once

#include <functional>
#include <string>

#include "core/card_edit.h"
#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/customers.h"
#include "office/storage.h"

namespace kopilka::office {

// PUT /v1/admin/customers/{id}'s body: name, phone, email, birthday, consents (as in a
// card edit's customer, core/card_edit.h); errors name the field ("phone").
core::Result<core::CardEdit> parse_customer_edit(const core::Json& body);

// Contacts before and after; kNotFound for an unknown customer.
struct CustomerChange {
  CustomerRecord before;
  CustomerRecord after;
};
// `also` runs in the same transaction, after the customer's row is written.
core::Result<CustomerChange> edit_customer(Storage& store, const std::string& id,
                                           const core::CardEdit& edit, core::Instant now,
                                           const std::function<core::Status(Sql&)>& also = {});

// The lost card and the new card as written; kNotFound when the lost card does not exist,
// kConflict when the new card has history (here or in the journal) or another customer.
struct Replacement {
  core::CardState lost_before;
  core::CardState lost;
  core::CardState fresh;
};
core::Result<Replacement> replace_card(Storage& store, const std::string& lost_number,
                                       const std::string& new_number, core::Instant now);

// The survivor's contacts after a merge: its blanks (name, phone, e-mail, birthday) filled
// from the other's. What merge_customers writes, and what support's gift check expects.
core::Customer merged_contacts(core::Customer survivor, const core::Customer& other);

// `from`'s cards move to `into`; blanks in `into`'s contacts are filled from `from`'s;
// `from` is gone. kNotFound for an unknown id, invalid for the same id.
struct Merge {
  CustomerRecord into_before;
  CustomerRecord from_before;
  CustomerRecord after;
};
core::Result<Merge> merge_customers(Storage& store, const std::string& into,
                                    const std::string& from, core::Instant now);

}  // namespace kopilka::office
