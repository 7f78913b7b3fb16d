// An admin edit of a card (PUT /v1/admin/cards/{number}): status, groups and customer,
// each optional; parsed and validated as plain data, applied to a CardState.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::core {

struct CardEdit {
  std::optional<CardStatus> status;
  std::optional<std::vector<std::string>> groups;
  bool has_customer = false;
  std::optional<std::string> customer_id;
  std::optional<std::string> name;
  bool has_phone = false;  // "phone": null clears it
  std::optional<std::string> phone;
  bool has_birthday = false;
  std::optional<CivilDate> birthday;
};

// Errors name the field ("customer.phone").
Result<CardEdit> parse_card_edit(const Json& body);
// Applies the fields present; a new customer gets the id "c-<number>" unless given one.
void apply_card_edit(CardState& card, const CardEdit& edit);

}  // namespace kopilka::core
