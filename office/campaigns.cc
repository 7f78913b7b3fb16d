// Campaigns over the SQL seam (campaigns.h).
#include "office/campaigns.h"

#include <set>

#include "common/secrets.h"
#include "core/card_state_json.h"
#include "core/email_address.h"
#include "core/engine_rules.h"
#include "core/message_template.h"
#include "core/phone.h"
#include "office/notify_events.h"
#include "office/outbox.h"

namespace kopilka::office {

namespace {

using core::Status;

core::Result<core::Day> date_field(const core::Json& j, const char* key) {
  if (!j[key].is_string()) return Status::invalid("must be a date YYYY-MM-DD", key);
  auto d = core::parse_date(j[key].get<std::string>());
  if (!d) return Status::invalid("must be a date YYYY-MM-DD", key);
  return *d;
}

// Whether a card itself (not its receipts) is in the segment.
bool card_matches(const core::CardState& card, const Segment& s, const core::ProgramSet& programs,
                  core::Instant now, const core::Settings& settings) {
  if (card.status != core::CardStatus::kActive || !card.customer) return false;
  if (!s.groups.empty()) {
    bool any = false;
    for (const auto& g : card.groups)
      for (const auto& want : s.groups) any = any || g == want;
    if (!any) return false;
  }
  if (s.birthday_month && (!card.customer->birthday ||
                           static_cast<int>(card.customer->birthday->month) != *s.birthday_month))
    return false;
  if (s.last_purchase_after || s.last_purchase_before) {
    if (card.visit_days.empty()) return false;
    core::Day last = card.visit_days.back();
    if (s.last_purchase_after && last < *s.last_purchase_after) return false;
    if (s.last_purchase_before && last > *s.last_purchase_before) return false;
  }
  if (s.level_program) {
    auto levels = card_levels(card, programs, now, settings);
    auto it = levels.find(*s.level_program);
    if (it == levels.end() || it->second != *s.level_percent) return false;
  }
  return true;
}

bool reachable(const core::Customer& c, const std::string& channel) {
  return channel == "sms" ? c.phone && c.consents.sms : c.email && c.consents.email;
}

struct PageMatch {
  std::vector<core::CardState> cards;  // in the segment and reachable
  std::string last_number;             // the page's last card, matched or not
  bool more = false;
};

core::Result<PageMatch> match_page(Sql& sql, const Segment& s, const std::string& channel,
                                   const std::string& after, int page,
                                   const core::ProgramSet& programs, core::Instant now,
                                   const core::Settings& settings) {
  auto rows = sql.query(
      "SELECT number, state FROM cards WHERE number > $1 ORDER BY number LIMIT CAST($2 AS "
      "INTEGER)",
      {after, sql_int(page)});
  if (!rows) return rows.status();
  PageMatch out;
  out.more = static_cast<int>(rows->size()) == page;
  if (rows->empty()) return out;
  out.last_number = rows->back().text(0);
  std::set<std::string> bought_in_store;
  if (s.store) {
    auto bought = sql.query(
        "SELECT DISTINCT e.card FROM entries e JOIN registers r ON r.id = e.register_id "
        "WHERE r.store_id = $1 AND e.card >= $2 AND e.card <= $3",
        {*s.store, rows->front().text(0), out.last_number});
    if (!bought) return bought.status();
    for (const auto& b : *bought) bought_in_store.insert(b.text(0));
  }
  for (const auto& r : *rows) {
    if (s.store && !bought_in_store.count(r.text(0))) continue;
    auto j = core::parse_json_exact(r.text(1));
    if (!j) continue;
    auto card = core::card_state_from_json(*j);
    if (!card) continue;
    card->number = r.text(0);
    if (card_matches(*card, s, programs, now, settings) && reachable(*card->customer, channel))
      out.cards.push_back(std::move(*card));
  }
  // Who followed the channel's unsubscribe link is no recipient (the worker would suppress
  // the message): the count before sending is what will be sent.
  if (out.cards.empty()) return out;
  std::string in;
  SqlParams params{channel};
  for (const auto& card : out.cards) {
    params.push_back(card.customer->id);
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  auto gone = sql.query(
      "SELECT customer_id FROM unsubscribed WHERE channel = $1 AND customer_id IN (" + in + ")",
      params);
  if (!gone) return gone.status();
  std::set<std::string> unsubscribed;
  for (const auto& g : *gone) unsubscribed.insert(g.text(0));
  std::erase_if(out.cards, [&](const core::CardState& card) {
    return unsubscribed.count(card.customer->id) > 0;
  });
  return out;
}

core::Status ran(const core::Result<std::int64_t>& r) {
  return r ? Status::ok() : r.status();
}

}  // namespace

core::Result<Segment> parse_segment(const core::Json& j) {
  Segment s;
  if (j.is_null()) return s;
  if (!j.is_object()) return Status::invalid("must be an object", "segment");
  for (const auto& [key, value] : j.items()) {
    if (key == "groups") {
      if (!value.is_array()) return Status::invalid("must be a list of groups", "segment.groups");
      for (const auto& g : value) {
        if (!g.is_string()) return Status::invalid("must be a list of groups", "segment.groups");
        s.groups.push_back(g.get<std::string>());
      }
    } else if (key == "level") {
      if (!value.is_object() || !value["program"].is_string() || !value.contains("percent"))
        return Status::invalid("must be {\"program\", \"percent\"}", "segment.level");
      s.level_program = value["program"].get<std::string>();
      s.level_percent = value["percent"].is_string() ? value["percent"].get<std::string>()
                                                     : core::json_plain(value["percent"]).dump();
    } else if (key == "last_purchase_after" || key == "last_purchase_before") {
      auto d = date_field(j, key.c_str());
      if (!d) return Status::invalid(d.status().message(), "segment." + key);
      (key == "last_purchase_after" ? s.last_purchase_after : s.last_purchase_before) = *d;
    } else if (key == "birthday_month") {
      auto m = core::json_integer(value);
      if (!m || *m < 1 || *m > 12)
        return Status::invalid("must be a month from 1 to 12", "segment.birthday_month");
      s.birthday_month = static_cast<int>(*m);
    } else if (key == "store") {
      if (!value.is_string()) return Status::invalid("must be a store id", "segment.store");
      s.store = value.get<std::string>();
    } else {
      return Status::invalid(
          "is not a segment field; known: groups, level, "
          "last_purchase_after, last_purchase_before, birthday_month, store",
          "segment." + key);
    }
  }
  if (s.last_purchase_after && s.last_purchase_before &&
      *s.last_purchase_after > *s.last_purchase_before)
    return Status::invalid("is before last_purchase_after: no purchase is both",
                           "segment.last_purchase_before");
  return s;
}

Status check_segment(const Segment& s, const core::ProgramSet& programs) {
  if (!s.level_program) return Status::ok();
  for (const auto& p : programs.programs()) {
    if (p->id != *s.level_program) continue;
    if (p->by_units())
      return Status::invalid(
          "program " + p->id + " gives points per unit by level, not a percent: no segment",
          "segment.level.program");
    std::string percents;
    for (const auto& l : p->levels) {
      const std::string percent = core::percent_json(l.percent).dump();
      if (percent == *s.level_percent) return Status::ok();
      percents += (percents.empty() ? "" : ", ") + percent;
    }
    if (percents.empty())
      return Status::invalid("program " + p->id + " has no levels", "segment.level.program");
    return Status::invalid("is not a level of " + p->id + "; its levels: " + percents,
                           "segment.level.percent");
  }
  return Status::invalid("no program " + *s.level_program + " (give the program's id)",
                         "segment.level.program");
}

core::Json segment_json(const Segment& s) {
  core::Json j = core::Json::object();
  if (!s.groups.empty()) j["groups"] = s.groups;
  if (s.level_program) j["level"] = {{"program", *s.level_program}, {"percent", *s.level_percent}};
  if (s.last_purchase_after) j["last_purchase_after"] = core::format_date(*s.last_purchase_after);
  if (s.last_purchase_before)
    j["last_purchase_before"] = core::format_date(*s.last_purchase_before);
  if (s.birthday_month) j["birthday_month"] = *s.birthday_month;
  if (s.store) j["store"] = *s.store;
  return j;
}

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

core::Result<std::int64_t> count_recipients(Sql& sql, const Segment& segment,
                                            const std::string& channel,
                                            const core::ProgramSet& programs, core::Instant now,
                                            const core::Settings& settings) {
  if (Status s = check_segment(segment, programs); !s) return s;
  std::set<std::string> customers;
  std::string after;
  for (;;) {
    auto page = match_page(sql, segment, channel, after, 2000, programs, now, settings);
    if (!page) return page.status();
    for (const auto& c : page->cards) customers.insert(c.customer->id);
    if (!page->more) break;
    after = page->last_number;
  }
  return static_cast<std::int64_t>(customers.size());
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
    auto r = sql.run(
        "UPDATE campaigns SET state = 'stopped' WHERE id = $1 AND state IN ('draft', 'running')",
        {id});
    if (!r) return r.status();
    if (*r == 0) return Status::conflict("the campaign is not running");
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
      return ran(sql.run(
          "UPDATE campaigns SET cursor = $2, queued = queued + CAST($3 AS BIGINT), state = "
          "CASE WHEN $4 = '1' THEN state ELSE 'done' END WHERE id = $1 AND state = 'running'",
          {id, match->last_number.empty() ? c.text(5) : match->last_number, sql_int(here),
           std::string(match->more ? "1" : "0")}));
    });
    if (!s) return s;
  }
  return queued;
}

}  // namespace kopilka::office
