// CSV exports; see export.h. Each kind is a keyset walk over its table's primary key
// (cards by number, entries by id), so a page costs the same at the millionth row.
#include "office/export.h"

#include <limits>
#include <map>
#include <set>

#include "core/card_points.h"
#include "core/card_state_fields.h"
#include "core/card_state_json.h"
#include "core/json_exact.h"
#include "office/aggregates.h"
#include "office/repeated_gifts.h"

namespace kopilka::office {

using core::Json;
using core::Status;

std::optional<ExportKind> export_kind(std::string_view name) {
  if (name == "customers") return ExportKind::kCustomers;
  if (name == "cards") return ExportKind::kCards;
  if (name == "journal") return ExportKind::kJournal;
  return std::nullopt;
}

namespace {

// Whether a spreadsheet would read `text` as a formula. A sign followed by digits and a
// phone number's separators only is a number (a balance of -500, a phone +7 (999) 123-45-67).
bool runs_as_formula(std::string_view text) {
  if (text.empty()) return false;
  const char first = text.front();
  if (first == '=' || first == '@' || first == '\t' || first == '\r') return true;
  if (first != '+' && first != '-') return false;
  const std::string_view rest = text.substr(1);
  return rest.find_first_not_of("0123456789 ()-.") != std::string_view::npos ||
         rest.find_first_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::string csv_field(std::string_view text) {
  std::string safe;
  if (runs_as_formula(text)) {
    safe.reserve(text.size() + 1);
    safe.append("'").append(text);
    text = safe;
  }
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\r\n";
}

Status set_export_range(ExportOptions& o, const std::string& from, const std::string& to,
                        const std::string& from_field, const std::string& to_field) {
  if (!from.empty()) {
    auto day = core::parse_date(from);
    if (!day) return Status::invalid("must be a date, YYYY-MM-DD", from_field);
    o.from = core::start_of_day(*day, o.zone);
  }
  if (!to.empty()) {
    auto day = core::parse_date(to);
    if (!day) return Status::invalid("must be a date, YYYY-MM-DD", to_field);
    o.to = core::start_of_day(*day + 1, o.zone);
  }
  if (o.from && o.to && *o.to <= *o.from)
    return Status::invalid("must not be before the start of the range", to_field);
  return Status::ok();
}

namespace {

struct Walk {
  const char* count;  // $1, $2: the journal's range
  const char* page;   // $1 the last key written, $2 the page size; $3, $4 the range
};

Walk walk_of(ExportKind kind) {
  switch (kind) {
    case ExportKind::kCustomers:
    case ExportKind::kCards:
      return {"SELECT count(*) FROM cards",
              "SELECT number, state FROM cards WHERE number > $1 ORDER BY number "
              "LIMIT CAST($2 AS INTEGER)"};
    case ExportKind::kJournal:
      break;
  }
  return {"SELECT count(*) FROM entries WHERE at >= CAST($1 AS BIGINT) AND at < CAST($2 AS BIGINT)",
          "SELECT id, register_id, kind, card, at, received, body FROM entries WHERE id > $1 "
          "AND at >= CAST($3 AS BIGINT) AND at < CAST($4 AS BIGINT) ORDER BY id "
          "LIMIT CAST($2 AS INTEGER)"};
}

std::string text_of(const std::optional<std::string>& s) {
  return s ? *s : std::string();
}

// As the card view gives it: a lot past its last day has burned, though the state keeps it
// until it is folded away.
std::int64_t balance_of(const core::CardState& card, core::Day today) {
  return core::summarize_points(card, today).balance;
}

std::string groups_of(const core::CardState& card) {
  std::string out;
  for (const auto& g : card.groups) out += (out.empty() ? "" : " ") + g;
  return out;
}

std::string birthday_of(const core::Customer& c) {
  return c.birthday ? core::card_fields::birthday_text(*c.birthday) : std::string();
}

// The points an entry added and took, from its effects.
std::pair<std::int64_t, std::int64_t> points_of(const Json& effects) {
  std::int64_t added = 0, taken = 0;
  if (effects.contains("new_lots") && effects["new_lots"].is_array())
    for (const auto& l : effects["new_lots"])
      if (l.is_object() && l.contains("points") && l["points"].is_number_integer())
        added += l["points"].get<std::int64_t>();
  if (effects.contains("draws") && effects["draws"].is_array())
    for (const auto& d : effects["draws"])
      if (d.is_object() && d.contains("points") && d["points"].is_number_integer())
        taken += d["points"].get<std::int64_t>();
  return {added, taken};
}

// The birthday entries of `card` head office applied as nothing (repeated_gifts.h).
core::Result<std::set<std::string>> repeated_gifts_of(Sql& sql, const std::string& card) {
  auto rows = sql.query(
      "SELECT id, received, body FROM entries WHERE card = $1 AND kind = 'birthday'", {card});
  if (!rows) return rows.status();
  std::vector<Json> effects;
  effects.reserve(rows->size());
  for (const SqlRow& r : *rows) {
    auto body = core::parse_json_exact(r.text(2));
    effects.push_back(body && body->is_object() && body->contains("effects")
                          ? core::json_plain((*body)["effects"])
                          : Json::object());
  }
  std::vector<GiftEntry> gifts;
  for (std::size_t i = 0; i < rows->size(); ++i)
    gifts.push_back({(*rows)[i].text(0), card, (*rows)[i].int64(1), &effects[i]});
  return repeated_gifts(gifts);
}

}  // namespace

core::Result<ExportResult> export_csv(Sql& sql, const ExportOptions& o,
                                      const std::function<Status(const std::string&)>& out,
                                      const std::function<void(const ExportProgress&)>& progress) {
  const Walk walk = walk_of(o.kind);
  const std::string from =
      std::to_string(o.from.value_or(std::numeric_limits<std::int64_t>::min()));
  const std::string to = std::to_string(o.to.value_or(std::numeric_limits<std::int64_t>::max()));
  const bool journal = o.kind == ExportKind::kJournal;
  auto total = query_int(sql, walk.count, journal ? SqlParams{from, to} : SqlParams{});
  if (!total) return total.status();
  ExportProgress at{0, total->value_or(0)};
  std::int64_t written = 0;

  switch (o.kind) {
    case ExportKind::kCustomers:
      if (Status s = out(csv_row({"id", "name", "phone", "birthday", "first_card"})); !s) return s;
      break;
    case ExportKind::kCards:
      if (Status s = out(csv_row({"number", "status", "customer_id", "customer_name", "phone",
                                  "balance_points", "spent_kopecks", "purchases", "groups"}));
          !s)
        return s;
      break;
    case ExportKind::kJournal:
      if (Status s =
              out(csv_row({"id", "register_id", "kind", "card", "at", "received", "spent_kopecks",
                           "points_added", "points_taken", "receipt_id", "money_kopecks", "day"}));
          !s)
        return s;
      break;
  }
  bool truncated = false;
  // Whether another row may be written; false, once the cap is reached, marks the export cut.
  auto room = [&]() {
    if (o.max_rows > 0 && written >= o.max_rows) truncated = true;
    return !truncated;
  };
  const core::Day today = core::local_day(o.now, o.zone);
  std::set<std::string> customers_written;
  std::map<std::string, std::set<std::string>> repeated_of_card;  // card → gifts applied as nothing
  Aggregates store_days(sql, o.zone);  // each register's zone, as the reports count its days
  std::string last;                    // the keyset cursor: "" sorts before every number and id
  for (;;) {
    if (truncated) break;
    SqlParams params{last, sql_int(o.page)};
    if (journal) {
      params.push_back(from);
      params.push_back(to);
    }
    auto rows = sql.query(walk.page, params);
    if (!rows) return rows.status();
    if (rows->empty()) break;
    std::string chunk;
    for (const SqlRow& r : *rows) {
      last = r.text(0);
      if (journal) {
        if (!room()) break;
        auto body = core::parse_stored(r.text(6), "entry " + r.text(0));
        if (!body) return body.status();
        const Json effects =
            body->is_object() && body->contains("effects") ? (*body)["effects"] : Json::object();
        auto [added, taken] = points_of(effects);
        // A gift two registers journalled: head office applied the second as nothing, and
        // the export says what was applied, so that its sums are the reports'.
        if (r.text(2) == "birthday" && !r.is_null(3)) {
          auto cached = repeated_of_card.find(r.text(3));
          if (cached == repeated_of_card.end()) {
            auto found = repeated_gifts_of(sql, r.text(3));
            if (!found) return found.status();
            cached = repeated_of_card.emplace(r.text(3), std::move(*found)).first;
          }
          if (cached->second.count(r.text(0))) added = taken = 0;
        }
        std::int64_t spent =
            effects.contains("spent_delta") && effects["spent_delta"].is_number_integer()
                ? effects["spent_delta"].get<std::int64_t>()
                : 0;
        // What the reports count of it: the money of a receipt (its total) or of a return
        // (what it gave back, negative), and the day at the register's store it counts on.
        const ReportFacts facts = report_facts(*body);
        const std::int64_t money = r.text(2) == "receipt" ? facts.total
                                   : r.text(2) == "refund" || r.text(2) == "cancel"
                                       ? -facts.money_returned
                                       : 0;
        auto zone = store_days.register_zone(r.text(1));
        if (!zone) return zone.status();
        chunk += csv_row(
            {r.text(0), r.text(1), r.text(2), r.text(3), core::format_rfc3339(r.int64(4), o.zone),
             core::format_rfc3339(r.int64(5), o.zone), std::to_string(spent), std::to_string(added),
             std::to_string(taken), facts.receipt_id, std::to_string(money),
             core::format_date(core::local_day(r.int64(4), *zone))});
        ++written;
        continue;
      }
      auto doc = core::parse_stored(r.text(1), "card " + r.text(0));
      if (!doc) return doc.status();
      auto card = core::card_state_from_json(*doc);
      if (!card) return Status::corrupt("card " + r.text(0) + " is damaged");
      const auto& c = card->customer;
      if (o.kind == ExportKind::kCards) {
        if (!room()) break;
        chunk += csv_row({card->number, core::to_string(card->status), c ? c->id : "",
                          c ? c->name : "", c ? text_of(c->phone) : "",
                          std::to_string(balance_of(*card, today)), std::to_string(card->spent),
                          std::to_string(card->purchases), groups_of(*card)});
        ++written;
      } else if (c && !c->id.empty() && !customers_written.count(c->id)) {
        if (!room()) break;
        customers_written.insert(c->id);
        chunk += csv_row({c->id, c->name, text_of(c->phone), birthday_of(*c), card->number});
        ++written;
      }
    }
    if (Status s = out(chunk); !s) return s;
    at.done += static_cast<std::int64_t>(rows->size());
    at.rows = written;
    if (progress) progress(at);
    if (static_cast<std::int64_t>(rows->size()) < o.page) break;
  }
  return ExportResult{written, truncated};
}

}  // namespace kopilka::office
