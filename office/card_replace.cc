// A lost card's replacement; see card_replace.h.
#include "office/card_replace.h"

#include "core/card_replacement.h"

namespace kopilka::office {

using core::CardState;
using core::Status;

bool has_history(const CardState& c) {
  return c.spent != 0 || c.purchases != 0 || !c.visit_days.empty() || c.debt != 0 ||
         !c.lots.empty() || !c.visit_rewarded_on.empty() || !c.birthday_granted_year.empty() ||
         !c.coupon_uses.empty() || !c.vouchers.empty() || !c.spent_days.empty();
}

core::Result<std::pair<CardState, CardState>> replace_lost_card(
    const CardState& lost, const std::optional<CardState>& fresh, const std::string& new_number) {
  if (new_number == lost.number)
    return Status::invalid("must be another card than the lost one", "new_card");
  // Its balance is on its replacement: a second replacement would point its later entries
  // at a card that holds nothing of it.
  if (std::string_view by = core::replacement_of(lost); !by.empty())
    return Status::invalid("card " + lost.number + " was replaced by " + std::string(by) +
                               " already; replace that card instead",
                           "number");
  if (fresh && has_history(*fresh))
    return Status::conflict("card " + new_number + " already has purchases or points");
  if (fresh && fresh->customer && (!lost.customer || fresh->customer->id != lost.customer->id))
    return Status::conflict("card " + new_number + " belongs to another customer");
  CardState next = lost;  // everything moves …
  next.number = new_number;
  next.status = core::CardStatus::kActive;
  next.replaced_by.clear();  // a card lost once may become another lost card's replacement
  if (fresh && !lost.customer) next.customer = fresh->customer;

  CardState old;  // … and the old card keeps only its number, customer and lost status
  old.number = lost.number;
  old.status = core::CardStatus::kLost;
  old.customer = lost.customer;
  old.replaced_by = new_number;  // what is journalled for it later changes the new card
  return std::make_pair(std::move(old), std::move(next));
}

std::optional<CardState> referred_by_replacement(const CardState& referee,
                                                 const std::string& lost_number,
                                                 const std::string& new_number) {
  if (!referee.referral || referee.referral->by != lost_number || referee.number == new_number)
    return std::nullopt;
  CardState out = referee;
  out.referral->by = new_number;
  return out;
}

}  // namespace kopilka::office
