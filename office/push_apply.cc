// The fate of each pushed entry, shared by both storage engines (push_apply.h).
#include "office/push_apply.h"

#include "core/referral.h"
#include "office/actor.h"
#include "office/audit.h"

namespace kopilka::office {

using core::Status;

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

core::Status audit_register_adjustment(Sql& sql, const PendingPush& push, const PushEntry& entry,
                                       core::Zone zone, core::Instant now) {
  const std::string& register_id = push.register_id;
  if (entry.kind != "adjust" || entry.card.empty()) return Status::ok();
  std::int64_t points = 0;
  for (const auto& lot : entry.effects.new_lots) points += lot.remaining;
  for (const auto& draw : entry.effects.draws) points -= draw.points;
  core::Json after{
      {"entry", entry.id}, {"points", points}, {"at", core::format_rfc3339(entry.at, zone)}};
  if (auto body = core::parse_json_exact(entry.body); body && body->is_object()) {
    const core::Json& detail = body->value("detail", core::Json::object());
    if (detail.is_object()) {
      if (auto id = detail.find("adjust_id"); id != detail.end() && id->is_string())
        after["adjust_id"] = *id;
      const core::Json& request = detail.value("request", core::Json::object());
      if (request.is_object())
        if (auto why = request.find("reason"); why != request.end() && why->is_string())
          after["reason"] = *why;
    }
  }
  Actor till;
  till.who = "register:" + register_id;
  till.address = push.address;
  return append_audit(sql, till, now,
                      {"points.adjust", "card:" + entry.card, std::nullopt, std::move(after)});
}

}  // namespace kopilka::office
