// Who a campaign reaches (campaign_segment.h): the segment's JSON, its checks, and the cards
// a page of the card table holds for it.
#include "office/campaign_segment.h"

#include <set>

#include "core/card_state_json.h"
#include "core/engine_rules.h"
#include "office/notify_events.h"

namespace kopilka::office {

using core::Status;

namespace {

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

}  // namespace

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

core::Result<std::int64_t> count_recipients(Sql& sql, const Segment& segment,
                                            const std::string& channel,
                                            const core::ProgramSet& programs, core::Instant now,
                                            const core::Settings& settings) {
  if (Status s = check_segment(segment, programs); !s) return s;
  if (segment.store) {  // a store id mistyped would count nobody, silently
    auto known = query_int(sql, "SELECT 1 FROM stores WHERE id = $1", {*segment.store});
    if (!known) return known.status();
    if (!*known)
      return Status::invalid("no store " + *segment.store + " (give the store's id)",
                             "segment.store");
  }
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

}  // namespace kopilka::office
