// Consent withdrawn by the customer (consent_withdrawal.h).
#include "office/consent_withdrawal.h"

#include "core/card_edit.h"
#include "office/customer_actions.h"
#include "office/customers.h"
#include "office/storage.h"

namespace kopilka::office {

core::Result<std::optional<Withdrawal>> withdraw_consent(Storage& store, const std::string& id,
                                                         const std::string& channel,
                                                         core::Instant now) {
  core::CardEdit withdraw;
  withdraw.has_customer = true;  // the customer's own fields, the rest left as they are
  (channel == "sms" ? withdraw.consent_sms : withdraw.consent_email) = false;
  std::int64_t suppressed = 0;
  // One transaction with the consent: the record of the withdrawal and the messages it stops.
  auto record = [&](Sql& sql) -> core::Status {
    auto noted = sql.run(
        "INSERT INTO unsubscribed (customer_id, channel, at) VALUES ($1, $2, CAST($3 AS BIGINT)) "
        "ON CONFLICT (customer_id, channel) DO NOTHING",
        {id, channel, sql_int(now)});
    if (!noted) return noted.status();
    // A message a worker holds right now is past recall; it was checked before it went.
    auto stopped = sql.run(
        "UPDATE outbox SET state = 'suppressed', reason = 'unsubscribed' WHERE customer_id = $1 "
        "AND channel = $2 AND state = 'queued' AND (lease_until IS NULL OR lease_until < "
        "CAST($3 AS BIGINT))",
        {id, channel, sql_int(now)});
    if (!stopped) return stopped.status();
    suppressed = *stopped;
    return core::Status::ok();
  };
  auto changed = edit_customer(store, id, withdraw, now, record);
  if (!changed) {
    if (changed.status().code() == core::Code::kNotFound) return std::optional<Withdrawal>();
    return changed.status();
  }
  return std::optional<Withdrawal>(Withdrawal{id, customer_contacts(changed->before),
                                              customer_contacts(changed->after), suppressed});
}

core::Result<Withdrawn> withdrawals_of(Sql& sql, const std::string& id) {
  auto rows = sql.query("SELECT channel FROM unsubscribed WHERE customer_id = $1", {id});
  if (!rows) return rows.status();
  Withdrawn w;
  for (const SqlRow& r : *rows) {
    if (r.text(0) == "email") w.email = true;
    if (r.text(0) == "sms") w.sms = true;
  }
  return w;
}

core::Result<std::string> customer_now(Sql& sql, const std::string& id) {
  auto rows = sql.query("SELECT into_id FROM customer_merges WHERE from_id = $1", {id});
  if (!rows) return rows.status();
  return rows->empty() ? id : rows->front().text(0);
}

core::Status move_notifications(Sql& sql, const std::string& from, const std::string& into) {
  auto merged = sql.run(
      "INSERT INTO customer_merges (from_id, into_id) VALUES ($1, $2) ON CONFLICT (from_id) DO "
      "UPDATE SET into_id = excluded.into_id",
      {from, into});
  if (!merged) return merged.status();
  auto flat = sql.run("UPDATE customer_merges SET into_id = $2 WHERE into_id = $1", {from, into});
  if (!flat) return flat.status();
  auto moved = sql.run(
      "INSERT INTO unsubscribed (customer_id, channel, at) SELECT $2, channel, at FROM "
      "unsubscribed WHERE customer_id = $1 ON CONFLICT (customer_id, channel) DO NOTHING",
      {from, into});
  if (!moved) return moved.status();
  auto gone = sql.run("DELETE FROM unsubscribed WHERE customer_id = $1", {from});
  if (!gone) return gone.status();
  auto log = sql.run("UPDATE outbox SET customer_id = $2 WHERE customer_id = $1", {from, into});
  return log ? core::Status::ok() : log.status();
}

}  // namespace kopilka::office
