// The notification outbox over the SQL seam (schema 009): queue a message once per dedupe
// key, claim the next due one with a lease (several office processes never hold one
// message at once), and record how its attempt ended. At-least-once: a message whose send
// was confirmed is marked sent and never claimed again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

struct QueuedMessage {
  std::string dedupe;   // one message per key, ever
  std::string event;    // points_burning, birthday_gift, level_reached, welcome, …
  std::string channel;  // email, sms, webhook
  std::string target;   // the webhook URL; empty otherwise
  std::optional<std::string> customer_id;
  std::optional<std::string> card;
  core::Json payload;  // the values the text or webhook body is made of
};

struct OutboxMessage {
  std::string id;  // the delivery id
  QueuedMessage message;
  std::int64_t attempts = 0;  // counting the one just claimed
  core::Instant queued_at = 0;
  core::Instant lease_until = 0;  // with attempts, what tells this claim from a later one
};

// Queues `m` unless its dedupe key was queued before; true when it was queued now.
core::Result<bool> queue_message(Sql& sql, const QueuedMessage& m, core::Instant now);

// Claims the next message due by `now` for `lease_seconds`, or nothing.
core::Result<std::optional<OutboxMessage>> claim_due(Sql& sql, core::Instant now,
                                                     int lease_seconds);

// Records the send of `claimed` when its claim still holds it (the same attempt and lease):
// false when the lease ran out and another worker claimed the message meanwhile, whose
// claim this leaves alone (it sends and records the message itself).
core::Result<bool> mark_sent(Sql& sql, const OutboxMessage& claimed, core::Instant now);
// The other verdicts on an attempt are recorded on the same condition, and return false
// the same way: a worker whose claim ran out never overwrites the verdict of the worker
// that claimed the message since.
// A failed attempt: tried again at `next_attempt`, or failed for good without one.
core::Result<bool> mark_attempt_failed(Sql& sql, const OutboxMessage& claimed,
                                       const std::string& reason,
                                       std::optional<core::Instant> next_attempt);
core::Result<bool> mark_suppressed(Sql& sql, const OutboxMessage& claimed,
                                   const std::string& reason);
// Quiet hours or the daily limit: back to the queue until `until`, the attempt not counted,
// with why as its reason (the log shows a waiting message's reason).
core::Result<bool> defer_message(Sql& sql, const OutboxMessage& claimed, core::Instant until,
                                 const std::string& why);

// Queues the message `id` again, as a new delivery of its own (support's resend): the same
// event, channel, customer and values, sent as soon as the worker gets to it and checked
// again then (consents, unsubscribes, quiet hours, the daily limit). The new delivery's
// id; not found for an unknown id, conflict while `id` is still queued (it goes out by
// itself), invalid for a campaign's test send (its own limits would be escaped), unavailable
// past kResendsPerWindow resends to one address in kResendWindow seconds (support must not
// be a way to flood one customer).
inline constexpr int kResendsPerWindow = 3;
inline constexpr core::Instant kResendWindow = 3600;
core::Result<std::string> resend_message(Sql& sql, const std::string& id, core::Instant now);

// The card of `claimed` belongs to `customer` now (an edit gave it to another customer, or
// a merge): the message goes to them, so it is theirs in the log too.
core::Status give_to_customer(Sql& sql, const OutboxMessage& claimed, const std::string& customer);
// `customer` already has the campaign message of `claimed` on its channel: two of their
// cards were queued as two customers before a merge or a card's move made them one. The
// first of them to be sent takes the customer (schema 23) and the others are suppressed:
// one message per customer, as the campaign's count promised.
core::Result<bool> campaign_reached(Sql& sql, const OutboxMessage& claimed,
                                    const std::string& customer);

// When the next attempt after `attempts` failed ones is due: 10 s, 1 min, 5 min, 30 min, 2 h,
// 6 h; nothing after the sixth (the message has failed).
std::optional<std::int64_t> retry_delay(std::int64_t attempts);

// A lost card's replacement inherits what was announced for the lost card: each event queued
// for `lost` is marked as queued for `fresh` too (suppressed, saying why), and its levels as
// last seen are `fresh`'s, so the worker, finding the same welcome, burn dates, birthday and
// level on the new card, announces none of them again. Read by the customer's index: a card
// without a customer has had no e-mail or SMS to repeat.
core::Status carry_notifications(Sql& sql, const std::string& customer_id, const std::string& lost,
                                 const std::string& fresh, core::Instant now);

// E-mails and SMS sent to a customer in [from, to) (webhooks go to systems, not people).
core::Result<std::int64_t> sent_between(Sql& sql, const std::string& customer_id,
                                        core::Instant from, core::Instant to);

// {"notifications": [{"id","event","channel","state","reason","queued_at","sent_at",
// "card","customer"}]}, and a campaign's message its "campaign": {"id","name"}; newest
// first; one customer's when customer_id is not empty.
core::Result<core::Json> delivery_log(Sql& sql, const std::string& customer_id, core::Zone zone,
                                      std::int64_t limit);

}  // namespace kopilka::office
