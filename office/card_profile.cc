// The audit's view of a card; see card_profile.h.
#include "office/card_profile.h"

#include "core/card_state_fields.h"

namespace kopilka::office {

core::Json card_profile(const core::CardState& card) {
  core::Json j{{"status", core::to_string(card.status)}, {"groups", card.groups}};
  if (card.referral) j["referred_by"] = card.referral->by;
  if (card.customer) {
    const core::Customer& c = *card.customer;
    j["customer"] = core::Json{{"id", c.id}, {"name", c.name}};
    j["customer"]["phone"] = c.phone ? core::Json(*c.phone) : core::Json(nullptr);
    j["customer"]["birthday"] = c.birthday
                                    ? core::Json(core::card_fields::birthday_text(*c.birthday))
                                    : core::Json(nullptr);
    j["customer"]["email"] = c.email ? core::Json(*c.email) : core::Json(nullptr);
    j["customer"]["consents"] = {{"email", c.consents.email}, {"sms", c.consents.sms}};
  } else {
    j["customer"] = nullptr;
  }
  return j;
}

}  // namespace kopilka::office
