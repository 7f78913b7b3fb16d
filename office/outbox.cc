// The outbox's SQL (outbox.h), written once for both engines.
#include "office/outbox.h"

#include <fmt/format.h>

#include <chrono>
#include <map>

#include "common/secrets.h"
#include "core/card_number.h"

namespace kopilka::office {

namespace {

// A delivery id: the microsecond it was queued, then 48 random bits. Ids in the order they
// were queued land at the end of the outbox's key, so a burn scan queuing thousands
// writes a few pages per transaction instead of a random page per message.
std::string new_delivery_id() {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return fmt::format("n-{:013x}{}", micros, common::random_hex(6));
}

std::optional<std::string> time_text(const SqlRow& row, std::size_t col, core::Zone zone) {
  if (row.is_null(col)) return std::nullopt;
  return core::format_rfc3339(row.int64(col), zone);
}

// Applies `set` (whose parameters start at $4) and releases the claim, only while
// `claimed` still holds the message: the same attempt and lease, still queued. False when
// another worker has claimed it since (or it was settled), which this leaves alone.
core::Result<bool> if_still_claimed(Sql& sql, const OutboxMessage& claimed, const std::string& set,
                                    const SqlParams& values) {
  SqlParams params{claimed.id, sql_int(claimed.attempts), sql_int(claimed.lease_until)};
  params.insert(params.end(), values.begin(), values.end());
  auto r = sql.run("UPDATE outbox SET " + set +
                       ", lease_until = NULL WHERE id = $1 AND state = 'queued' AND attempts = "
                       "CAST($2 AS BIGINT) AND lease_until = CAST($3 AS BIGINT)",
                   params);
  if (!r) return r.status();
  return *r == 1;
}

}  // namespace

core::Result<bool> queue_message(Sql& sql, const QueuedMessage& m, core::Instant now) {
  auto r = sql.run(
      "INSERT INTO outbox (id, dedupe, event, channel, target, customer_id, card, payload, state, "
      "next_attempt, queued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', "
      "CAST($9 AS BIGINT), CAST($9 AS BIGINT)) ON CONFLICT (dedupe) DO NOTHING",
      {new_delivery_id(), m.dedupe, m.event, m.channel, m.target, m.customer_id, m.card,
       m.payload.dump(), sql_int(now)});
  if (!r) return r.status();
  return *r == 1;
}

core::Status carry_notifications(Sql& sql, const std::string& customer_id, const std::string& lost,
                                 const std::string& fresh, core::Instant now) {
  auto rows = sql.query(
      "SELECT dedupe, event, channel, target, payload FROM outbox WHERE customer_id = $1 AND "
      "card = $2",
      {customer_id, lost});
  if (!rows) return rows.status();
  const std::string why =
      "announced for card " + core::masked_card(lost) + " before it was replaced";
  for (const SqlRow& r : *rows) {
    const std::string dedupe = r.text(0), event = r.text(1);
    const std::string was = event + ":" + lost;
    if (dedupe.rfind(was, 0) != 0) continue;  // a resend or a campaign: not an event of the card
    auto up = sql.run(
        "INSERT INTO outbox (id, dedupe, event, channel, target, customer_id, card, payload, "
        "state, reason, next_attempt, queued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "'suppressed', $9, CAST($10 AS BIGINT), CAST($10 AS BIGINT)) ON CONFLICT (dedupe) DO "
        "NOTHING",
        {new_delivery_id(), event + ":" + fresh + dedupe.substr(was.size()), event, r.text(2),
         r.text(3), customer_id, fresh, r.text(4), why, sql_int(now)});
    if (!up) return up.status();
  }
  auto levels = sql.run(
      "INSERT INTO notify_levels (card, levels) SELECT $2, levels FROM notify_levels WHERE card "
      "= $1 ON CONFLICT (card) DO UPDATE SET levels = excluded.levels",
      {lost, fresh});
  return levels ? core::Status::ok() : levels.status();
}

core::Result<std::string> resend_message(Sql& sql, const std::string& id, core::Instant now) {
  auto rows = sql.query("SELECT state, dedupe, target FROM outbox WHERE id = $1", {id});
  if (!rows) return rows.status();
  if (rows->empty()) return core::Status::not_found("no notification " + id);
  if (rows->front().text(0) == "queued")
    return core::Status::conflict("notification " + id + " is still queued: it goes out by itself");
  // A campaign's test goes to an address typed in, outside the customers' consents: sent
  // again it would escape the test sends' own limits (campaigns.h).
  const std::string dedupe = rows->front().text(1);
  if (dedupe.rfind("campaign:", 0) == 0 && dedupe.find(":test:") != std::string::npos)
    return core::Status::invalid("a campaign's test send is not sent again: send a new test");
  auto recent = sql.query(
      "SELECT COUNT(*) FROM outbox WHERE target = $1 AND dedupe LIKE 'resend:%' AND "
      "queued_at > CAST($2 AS BIGINT)",
      {rows->front().text(2), sql_int(now - kResendWindow)});
  if (!recent) return recent.status();
  if (!recent->empty() && recent->front().int64(0) >= kResendsPerWindow)
    return core::Status::unavailable("at most " + std::to_string(kResendsPerWindow) +
                                     " messages are sent again to one address in an hour");
  const std::string fresh = new_delivery_id();
  auto r = sql.run(
      "INSERT INTO outbox (id, dedupe, event, channel, target, customer_id, card, payload, state, "
      "next_attempt, queued_at) SELECT $1, $2, event, channel, target, customer_id, card, "
      "payload, 'queued', CAST($3 AS BIGINT), CAST($3 AS BIGINT) FROM outbox WHERE id = $4",
      {fresh, "resend:" + fresh, sql_int(now), id});
  if (!r) return r.status();
  return fresh;
}

core::Result<std::optional<OutboxMessage>> claim_due(Sql& sql, core::Instant now,
                                                     int lease_seconds) {
  // The outer condition is checked again on the row itself: of two processes that picked
  // the same id, the second updates nothing.
  auto rows = sql.query(
      "UPDATE outbox SET lease_until = CAST($1 AS BIGINT), attempts = attempts + 1 "
      "WHERE id = (SELECT id FROM outbox WHERE state = 'queued' AND next_attempt <= "
      "CAST($2 AS BIGINT) AND (lease_until IS NULL OR lease_until < CAST($2 AS BIGINT)) "
      "ORDER BY next_attempt LIMIT 1) AND state = 'queued' AND (lease_until IS NULL OR "
      "lease_until < CAST($2 AS BIGINT)) "
      "RETURNING id, dedupe, event, channel, target, customer_id, card, payload, attempts, "
      "queued_at, lease_until",
      {sql_int(now + lease_seconds), sql_int(now)});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<OutboxMessage>();
  const SqlRow& r = rows->front();
  OutboxMessage m;
  m.id = r.text(0);
  m.message.dedupe = r.text(1);
  m.message.event = r.text(2);
  m.message.channel = r.text(3);
  m.message.target = r.text(4);
  if (!r.is_null(5)) m.message.customer_id = r.text(5);
  if (!r.is_null(6)) m.message.card = r.text(6);
  auto payload = core::parse_json_exact(r.text(7));
  m.message.payload = payload ? core::json_plain(*payload) : core::Json::object();
  m.attempts = r.int64(8);
  m.queued_at = r.int64(9);
  m.lease_until = r.int64(10);
  return std::optional<OutboxMessage>(std::move(m));
}

core::Result<bool> mark_sent(Sql& sql, const OutboxMessage& claimed, core::Instant now) {
  return if_still_claimed(
      sql, claimed, "state = 'sent', sent_at = CAST($4 AS BIGINT), reason = NULL", {sql_int(now)});
}

core::Result<bool> mark_attempt_failed(Sql& sql, const OutboxMessage& claimed,
                                       const std::string& reason,
                                       std::optional<core::Instant> next_attempt) {
  if (!next_attempt)
    return if_still_claimed(sql, claimed, "state = 'failed', reason = $4", {reason});
  return if_still_claimed(sql, claimed, "reason = $4, next_attempt = CAST($5 AS BIGINT)",
                          {reason, sql_int(*next_attempt)});
}

core::Result<bool> mark_suppressed(Sql& sql, const OutboxMessage& claimed,
                                   const std::string& reason) {
  return if_still_claimed(sql, claimed, "state = 'suppressed', reason = $4", {reason});
}

core::Result<bool> defer_message(Sql& sql, const OutboxMessage& claimed, core::Instant until,
                                 const std::string& why) {
  return if_still_claimed(sql, claimed,
                          "next_attempt = CAST($4 AS BIGINT), attempts = attempts - 1, reason = $5",
                          {sql_int(until), why});
}

core::Status give_to_customer(Sql& sql, const OutboxMessage& claimed, const std::string& customer) {
  if (claimed.message.customer_id == customer) return core::Status::ok();
  auto r = sql.run("UPDATE outbox SET customer_id = $2 WHERE id = $1", {claimed.id, customer});
  return r ? core::Status::ok() : r.status();
}

core::Result<bool> campaign_reached(Sql& sql, const OutboxMessage& claimed,
                                    const std::string& customer) {
  const std::string campaign = claimed.message.payload.value("campaign", "");
  const SqlParams key{campaign, claimed.message.channel, customer};
  // The first message of the customer's to get here takes the row (schema 23): a primary
  // key, so of two office processes sending two of them at once one wins.
  auto taken = sql.run(
      "INSERT INTO campaign_reached (campaign, channel, customer_id, outbox_id) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
      {campaign, claimed.message.channel, customer, claimed.id});
  if (!taken) return taken.status();
  auto holder = sql.query(
      "SELECT outbox_id FROM campaign_reached WHERE campaign = $1 AND channel = $2 AND "
      "customer_id = $3",
      key);
  if (!holder) return holder.status();
  return !holder->empty() && holder->front().text(0) != claimed.id;
}

std::optional<std::int64_t> retry_delay(std::int64_t attempts) {
  static const std::int64_t kDelays[] = {10, 60, 300, 1800, 7200, 21600};
  if (attempts < 1 || attempts > 6) return std::nullopt;
  return kDelays[attempts - 1];
}

core::Result<std::int64_t> sent_between(Sql& sql, const std::string& customer_id,
                                        core::Instant from, core::Instant to) {
  auto n = query_int(sql,
                     "SELECT COUNT(*) FROM outbox WHERE customer_id = $1 AND state = 'sent' AND "
                     "channel IN ('email', 'sms') AND "
                     "sent_at >= CAST($2 AS BIGINT) AND sent_at < CAST($3 AS BIGINT)",
                     {customer_id, sql_int(from), sql_int(to)});
  if (!n) return n.status();
  return n->value_or(0);
}

core::Result<core::Json> delivery_log(Sql& sql, const std::string& customer_id, core::Zone zone,
                                      std::int64_t limit) {
  std::string where = customer_id.empty() ? "" : "WHERE customer_id = $2 ";
  SqlParams params{sql_int(limit)};
  if (!customer_id.empty()) params.push_back(customer_id);
  auto rows = sql.query(
      "SELECT id, event, channel, state, reason, queued_at, sent_at, card, customer_id, "
      "CASE WHEN event = 'campaign' THEN payload END FROM outbox " +
          where + "ORDER BY queued_at DESC, id DESC LIMIT CAST($1 AS INTEGER)",
      params);
  if (!rows) return rows.status();
  // A campaign's message names its campaign: "which campaign reached this customer?"
  std::map<std::string, std::string> campaign_names;
  const auto campaign_of = [&](const SqlRow& r) -> core::Result<core::Json> {
    auto payload = core::parse_json_exact(r.text(9));
    const std::string id =
        payload && payload->is_object() ? core::json_plain(*payload).value("campaign", "") : "";
    if (id.empty()) return core::Json(nullptr);
    auto known = campaign_names.find(id);
    if (known == campaign_names.end()) {
      auto name = sql.query("SELECT name FROM campaigns WHERE id = $1", {id});
      if (!name) return name.status();
      known = campaign_names.emplace(id, name->empty() ? "" : name->front().text(0)).first;
    }
    return core::Json{{"id", id}, {"name", known->second}};
  };
  core::Json list = core::Json::array();
  for (const SqlRow& r : *rows) {
    core::Json n{{"id", r.text(0)},      {"event", r.text(1)},
                 {"channel", r.text(2)}, {"state", r.text(3)},
                 {"reason", nullptr},    {"queued_at", core::format_rfc3339(r.int64(5), zone)},
                 {"sent_at", nullptr},   {"card", nullptr},
                 {"customer", nullptr}};
    if (!r.is_null(4)) n["reason"] = r.text(4);
    if (auto sent = time_text(r, 6, zone)) n["sent_at"] = *sent;
    if (!r.is_null(7)) n["card"] = r.text(7);
    if (!r.is_null(8)) n["customer"] = r.text(8);
    if (!r.is_null(9)) {
      auto campaign = campaign_of(r);
      if (!campaign) return campaign.status();
      n["campaign"] = std::move(*campaign);
    }
    list.push_back(std::move(n));
  }
  return core::Json{{"notifications", std::move(list)}};
}

}  // namespace kopilka::office
