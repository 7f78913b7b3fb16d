// A customer's own withdrawal of consent (office.md "Notifications": every SMS honours STOP,
// every e-mail has an unsubscribe link): the consent on that channel turned off on the
// customer and every card of theirs, so the desk sees it, and the messages queued on that
// channel suppressed. A withdrawal is also recorded (`unsubscribed`) until consent is given
// again (office/customers.cc save_customer_row forgets it), and it follows the customer into
// a merge.
#pragma once

#include <optional>
#include <string>

#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"

namespace kopilka::office {

class Storage;
class Sql;

struct Withdrawal {
  std::string id;  // the customer
  core::Json before;
  core::Json after;             // contacts, for the audit
  std::int64_t suppressed = 0;  // queued messages on the channel suppressed
};

// Withdraws `channel`'s consent ("email" or "sms") from customer `id`; nothing when there is
// no such customer (merged away meanwhile).
core::Result<std::optional<Withdrawal>> withdraw_consent(Storage& store, const std::string& id,
                                                         const std::string& channel,
                                                         core::Instant now);

// Merging customer `from` into `into`: `from`'s withdrawals become `into`'s, and so do the
// messages sent or queued for `from` (the delivery log, the daily limit); `from` is noted
// as merged into `into` (customer_now). Whether `from`
// had withdrawn each channel: the merged consent must say no there too.
struct Withdrawn {
  bool email = false;
  bool sms = false;
};
core::Result<Withdrawn> withdrawals_of(Sql& sql, const std::string& id);
core::Status move_notifications(Sql& sql, const std::string& from, const std::string& into);
// The customer `id` is now: `id` itself, or the one it was merged into (links in mail sent
// before the merge name the old id).
core::Result<std::string> customer_now(Sql& sql, const std::string& id);

}  // namespace kopilka::office
