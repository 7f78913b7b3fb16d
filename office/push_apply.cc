// The fate of each pushed entry, shared by both storage engines (push_apply.h).
#include "office/push_apply.h"

#include "core/referral.h"

namespace kopilka::office {

bool settle_without_card(PushResult& result, const PushEntry& entry, bool seen,
                         const StoredEntry* stored) {
  if (stored &&
      (stored->kind != entry.kind || stored->card != entry.card || stored->at != entry.at)) {
    result.refused.push_back(
        {entry.id, core::Status::invalid("head office holds another entry under this id: the "
                                         "register's journal went back (a restored backup?); "
                                         "this entry needs a new id",
                                         "id")});
    return true;
  }
  if (seen) {
    result.acked.push_back(entry.id);
    return true;
  }
  if (!entry.problem) {
    result.refused.push_back({entry.id, entry.problem});
    return true;
  }
  return false;
}

bool apply_pushed(PushResult& result, const PushEntry& entry, core::CardState* card,
                  core::CardState* referrer, core::Zone zone, core::Instant now) {
  if (card) {
    core::Status applied =
        core::apply_entry(*card, referrer, entry.effects, entry.id, core::local_day(entry.at, zone),
                          core::local_day(now, zone));
    if (!applied) {  // the card is as it was
      result.refused.push_back({entry.id, applied.under("effects")});
      return false;
    }
  }
  result.acked.push_back(entry.id);
  return true;
}

}  // namespace kopilka::office
