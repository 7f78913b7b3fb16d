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
  std::optional<CardType> type;  // a new card is a loyalty card unless it says "gift"

  std::optional<std::vector<std::string>> groups;
  bool has_customer = false;
  std::optional<std::string> customer_id;
  std::optional<std::string> name;
  bool has_phone = false;  // "phone": null clears it
  std::optional<std::string> phone;
  bool has_birthday = false;
  std::optional<CivilDate> birthday;
  bool has_email = false;  // "email": null clears it
  std::optional<std::string> email;
  std::optional<bool> consent_email;  // each channel changes only when given
  std::optional<bool> consent_sms;
  std::optional<std::string> referred_by;  // the referrer's card number (programs.md "referral")
};

// Errors name the field ("customer.phone"). A phone in any common spelling is kept as
// E.164 (core/phone.h): "8 (999) 123-45-67" is stored as "+79991234567".
Result<CardEdit> parse_card_edit(const Json& body);
// A person editing a customer keeps a name on them: a name given blank (or spaces) is
// refused rather than clearing it (an import or an upload may still carry none).
Status check_name_kept(const CardEdit& edit);
// A person typing a birthday: one after `today` is a slip (2062 for 1962), whose gifts would
// never come, so it is refused with the field named (an import or an upload keeps its own).
Status check_birthday_past(const CardEdit& edit, Day today);
// Whether `referred_by` may be set on `card` (as stored; a new card is empty): another
// card's number, of a loyalty card that exists (`referrer`, null when none does), and only
// before the card's first confirmed purchase; naming the same referrer again changes nothing
// and is always fine.
// Errors name "referred_by".
Status check_referred_by(const CardState& card, const CardEdit& edit, const CardState* referrer);
// A gift card (programs.md "wallet") has no customer, no groups and no referrer: errors
// name "customer", "groups" or "referred_by". A card's type is chosen when it is created
// (`is_new`): giving an existing card another type is an error naming "type", because its
// journal (points, customer) was kept as that type; naming its own type again is fine.
Status check_card_type(const CardState& card, const CardEdit& edit, bool is_new);
// A card replaced by another (office.md "Lost card") stays lost: its points, spending and
// customer went to the new card, and an edit that made it active again would let it
// accrue and spend beside it. Errors name "status".
Status check_status_kept(const CardState& card, const CardEdit& edit);
// The edit without its customer part (id, name, contacts, consents): what is left changes
// the card alone.
CardEdit without_customer(CardEdit edit);
// Applies the fields present; a new customer gets the id "c-<number>" unless given one.
void apply_card_edit(CardState& card, const CardEdit& edit);

}  // namespace kopilka::core
