// Merging a card a register held before it was enrolled into head office's copy
// (docs/sync.md, "Enrolling a register that already holds data"). Pure: no store.
// Only the card's profile travels this way (status, groups, customer, and the referrer and
// type of a card head office does not have yet); balances, lots and
// visits come up as the register's journal entries, so counting them here too would count
// them twice.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/card_edit.h"
#include "core/card_state.h"
#include "core/json_exact.h"

namespace kopilka::office {

// A field both sides hold with different values: head office's value is kept.
struct MergeConflict {
  std::string card;
  std::string field;  // "status", "groups", "customer.name", "customer.phone", …
  core::Json office;
  core::Json register_value;
  core::Json to_json() const;
};

struct MergedCard {
  core::CardState card;
  bool changed = false;  // head office's copy must be written
  std::vector<MergeConflict> conflicts;
};

// `office` is head office's card, if it has one; `uploaded` the register's profile as a
// parsed admin edit; `known` the customer head office holds under the uploaded customer's
// id, if any. What head office lacks is taken from the register; what both hold and differ
// on stays head office's and is reported, for a customer head office knows through another
// card as much as for the card's own.
MergedCard merge_uploaded_card(const std::string& number,
                               const std::optional<core::CardState>& office,
                               const core::CardEdit& uploaded,
                               const std::optional<core::Customer>& known = std::nullopt);

}  // namespace kopilka::office
