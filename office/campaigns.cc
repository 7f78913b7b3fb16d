// Campaigns over the SQL seam (campaigns.h).
#include "office/campaigns.h"

#include "common/secrets.h"
#include "core/email_address.h"
#include "core/message_template.h"
#include "core/phone.h"
#include "office/outbox.h"

namespace kopilka::office {

namespace {

using core::Status;

core::Status ran(const core::Result<std::int64_t>& r) {
  return r ? Status::ok() : r.status();
}

}  // namespace

core::Result<CampaignDraft> parse_campaign(const core::Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  CampaignDraft d;
  for (const char* key : {"name", "channel", "text"})
    if (!body.contains(key) || !body[key].is_string() || body[key].get<std::string>().empty())
      return Status::invalid("must be a non-empty string", key);
  d.name = body["name"].get<std::string>();
  d.channel = body["channel"].get<std::string>();
  if (d.channel != "email" && d.channel != "sms")
    return Status::invalid("must be email or sms", "channel");
  d.text = body["text"].get<std::string>();
  if (body.contains("subject")) {
    if (!body["subject"].is_string()) return Status::invalid("must be a string", "subject");
    d.subject = body["subject"].get<std::string>();
  }
  if (d.channel == "email" && d.subject.empty())
    return Status::invalid("an e-mail needs a subject", "subject");
  if (d.name.size() > 200) return Status::invalid("must be at most 200 characters", "name");
  if (d.text.size() > 4000) return Status::invalid("must be at most 4000 characters", "text");
  for (const auto& [field, text] :
       {std::pair<const char*, std::string*>{"subject", &d.subject}, {"text", &d.text}}) {
    if (auto r = core::render_template(*text, {{"name", "x"}, {"card_tail", "x"}}); !r)
      return Status::invalid(r.status().message() + "; a campaign may use {name} and {card_tail}",
                             field);
  }
  auto segment = parse_segment(body.contains("segment") ? body["segment"] : core::Json());
  if (!segment) return segment.status();
  d.segment = std::move(*segment);
  return d;
}

core::Result<std::string> create_campaign(Sql& sql, const CampaignDraft& d, const Actor& by,
                                          core::Instant now) {
  std::string id = "cmp-" + common::random_hex(6);
  auto r = sql.run(
      "INSERT INTO campaigns (id, name, channel, subject, text, segment, state, created_by, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, CAST($8 AS BIGINT))",
      {id, d.name, d.channel, d.subject, d.text, segment_json(d.segment).dump(), by.who,
       sql_int(now)});
  if (!r) return r.status();
  return id;
}

core::Result<std::optional<core::Json>> campaign_view(Sql& sql, const std::string& id,
                                                      core::Zone zone) {
  auto rows = sql.query(
      "SELECT id, name, channel, subject, text, segment, state, queued, created_by, created_at, "
      "started_at FROM campaigns WHERE id = $1",
      {id});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<core::Json>();
  const SqlRow& r = rows->front();
  auto segment = core::parse_json_exact(r.text(5));
  core::Json j{{"id", r.text(0)},
               {"name", r.text(1)},
               {"channel", r.text(2)},
               {"subject", r.text(3)},
               {"text", r.text(4)},
               {"segment", segment ? core::json_plain(*segment) : core::Json::object()},
               {"state", r.text(6)},
               {"queued", r.int64(7)},
               {"created_by", r.text(8)},
               {"created_at", core::format_rfc3339(r.int64(9), zone)},
               {"started_at", nullptr}};
  if (!r.is_null(10)) j["started_at"] = core::format_rfc3339(r.int64(10), zone);
  auto counts = sql.query(
      "SELECT state, COUNT(*) FROM outbox WHERE event = 'campaign' AND dedupe LIKE $1 "
      "GROUP BY state",
      {"campaign:" + id + ":c:%"});
  if (!counts) return counts.status();
  core::Json progress{{"queued", 0}, {"sent", 0}, {"failed", 0}, {"suppressed", 0}};
  for (const auto& c : *counts) progress[c.text(0)] = c.int64(1);
  j["progress"] = std::move(progress);
  return std::optional<core::Json>(std::move(j));
}

core::Result<core::Json> list_campaigns(Sql& sql, core::Zone zone) {
  auto rows = sql.query("SELECT id FROM campaigns ORDER BY created_at DESC, id LIMIT 200");
  if (!rows) return rows.status();
  core::Json list = core::Json::array();
  for (const auto& r : *rows) {
    auto v = campaign_view(sql, r.text(0), zone);
    if (!v) return v.status();
    if (*v) list.push_back(std::move(**v));
  }
  return core::Json{{"campaigns", std::move(list)}};
}

core::Status start_campaign(Sql& sql, const std::string& id, core::Instant now) {
  auto r = sql.run(
      "UPDATE campaigns SET state = 'running', started_at = CAST($2 AS BIGINT) "
      "WHERE id = $1 AND state = 'draft'",
      {id, sql_int(now)});
  if (!r) return r.status();
  if (*r == 0) return Status::conflict("only a draft campaign can be started");
  return Status::ok();
}

core::Status stop_campaign(Sql& sql, const std::string& id) {
  return sql.transaction([&]() -> Status {
    // A campaign whose every message is queued is 'done' while some still wait (quiet
    // hours, a retry): stopping it holds those back.
    auto r = sql.run(
        "UPDATE campaigns SET state = 'stopped' WHERE id = $1 AND (state IN ('draft', "
        "'running') OR (state = 'done' AND EXISTS (SELECT 1 FROM outbox WHERE event = "
        "'campaign' AND state = 'queued' AND dedupe LIKE $2)))",
        {id, "campaign:" + id + ":c:%"});
    if (!r) return r.status();
    if (*r == 0) return Status::conflict("the campaign has no message left to send");
    return ran(
        sql.run("UPDATE outbox SET state = 'suppressed', reason = 'the campaign was stopped' "
                "WHERE event = 'campaign' AND state = 'queued' AND dedupe LIKE $1",
                {"campaign:" + id + ":%"}));
  });
}

core::Status queue_test_send(Sql& sql, const std::string& id, const std::string& to,
                             core::Instant now,
                             const std::function<bool(const std::string&)>& channel_ready) {
  auto rows = sql.query("SELECT channel, subject, text FROM campaigns WHERE id = $1", {id});
  if (!rows) return rows.status();
  if (rows->empty()) return Status::not_found("no campaign " + id);
  const SqlRow& r = rows->front();
  if (!channel_ready(r.text(0)))
    return Status::conflict("head office has no " + r.text(0) +
                            " channel in office.toml ([notify]): nothing would send it");
  // One address of one's own: what the send goes to is checked now, not found failed later
  // in the delivery log after the page said it went.
  std::string address = to;
  if (r.text(0) == "sms") {
    auto e164 = core::normalize_phone(to);
    if (!e164) return Status::invalid("give your own phone number, like +7 999 123-45-67", "to");
    address = *e164;
  } else if (!core::valid_email(to)) {
    return Status::invalid("give your own e-mail address, one, like anna@shop.ru", "to");
  }
  auto recent = sql.query(
      "SELECT COUNT(*) FROM outbox WHERE dedupe LIKE $1 AND queued_at > CAST($2 AS BIGINT)",
      {"campaign:" + id + ":test:%", sql_int(now - kTestSendWindow)});
  if (!recent) return recent.status();
  if (!recent->empty() && recent->front().int64(0) >= kTestSendsPerWindow)
    return Status::invalid("at most " + std::to_string(kTestSendsPerWindow) +
                               " test sends of a campaign in 10 minutes",
                           "to");
  // Over every campaign too: a test is for oneself, and new campaigns must not make head
  // office a sender of the chain's name to anyone, without consent or unsubscribe link.
  auto chain_recent = sql.query(
      "SELECT COUNT(*) FROM outbox WHERE queued_at > CAST($1 AS BIGINT) AND dedupe LIKE "
      "'campaign:%:test:%'",
      {sql_int(now - kTestSendWindow)});
  if (!chain_recent) return chain_recent.status();
  if (!chain_recent->empty() && chain_recent->front().int64(0) >= kChainTestSendsPerWindow)
    return Status::invalid("at most " + std::to_string(kChainTestSendsPerWindow) +
                               " test sends in 10 minutes, over every campaign",
                           "to");
  QueuedMessage m{
      "campaign:" + id + ":test:" + common::random_hex(6), "campaign", r.text(0), address,
      std::nullopt, std::nullopt,
      // No customer: {card_tail} shows an example card ("…1234").
      core::Json{{"campaign", id}, {"subject", r.text(1)}, {"body", r.text(2)}, {"card", "1234"}}};
  auto q = queue_message(sql, m, now);
  return q ? Status::ok() : q.status();
}

core::Result<std::int64_t> advance_campaigns(Sql& sql, const core::ProgramSet& programs,
                                             core::Instant now, const core::Settings& settings,
                                             int page) {
  auto running = sql.query(
      "SELECT id, channel, subject, text, segment, cursor FROM campaigns WHERE state = 'running'");
  if (!running) return running.status();
  std::int64_t queued = 0;
  for (const auto& c : *running) {
    const std::string id = c.text(0), channel = c.text(1);
    auto segment_doc = core::parse_json_exact(c.text(4));
    auto segment = segment_doc ? parse_segment(core::json_plain(*segment_doc))
                               : core::Result<Segment>(Status::corrupt("bad segment"));
    if (!segment) return segment.status();
    auto match = match_page(sql, *segment, channel, c.text(5), page, programs, now, settings);
    if (!match) return match.status();
    Status s = sql.transaction([&]() -> Status {
      // The page moves the campaign on only while it runs: one stopped meanwhile (by
      // another office process, since the list above was read) queues nothing more. On
      // PostgreSQL the update holds the campaign's row until the commit, so a stop waits.
      auto moved = sql.run(
          "UPDATE campaigns SET cursor = $2, state = CASE WHEN $3 = '1' THEN state ELSE 'done' "
          "END WHERE id = $1 AND state = 'running'",
          {id, match->last_number.empty() ? c.text(5) : match->last_number,
           std::string(match->more ? "1" : "0")});
      if (!moved) return moved.status();
      if (*moved == 0) return Status::ok();
      std::int64_t here = 0;
      for (const auto& card : match->cards) {
        QueuedMessage m{"campaign:" + id + ":c:" + card.customer->id,
                        "campaign",
                        channel,
                        "",
                        card.customer->id,
                        card.number,
                        core::Json{{"campaign", id},
                                   {"subject", c.text(2)},
                                   {"body", c.text(3)},
                                   {"card", card.number}}};
        auto q = queue_message(sql, m, now);
        if (!q) return q.status();
        here += *q ? 1 : 0;
      }
      queued += here;
      return ran(sql.run("UPDATE campaigns SET queued = queued + CAST($2 AS BIGINT) WHERE id = $1",
                         {id, sql_int(here)}));
    });
    if (!s) return s;
  }
  return queued;
}

}  // namespace kopilka::office
