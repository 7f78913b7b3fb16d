// The customers index: upkeep, lookups and search; see customers.h.
#include "office/customers.h"

#include <algorithm>

#include "core/card_number.h"
#include "core/card_state_fields.h"
#include "core/name_search.h"
#include "core/phone.h"

namespace kopilka::office {

using core::Json;
using core::Result;
using core::Status;

namespace {

constexpr const char* kColumns =
    "id, name, phone, email, birthday, consent_email, consent_sms, created, updated";

std::optional<std::string> opt(const SqlRow& row, std::size_t i) {
  return row.columns.at(i);
}

CustomerRecord record_from(const SqlRow& row) {
  CustomerRecord r;
  r.contacts.id = row.text(0);
  r.contacts.name = row.text(1);
  r.contacts.phone = opt(row, 2);
  r.contacts.email = opt(row, 3);
  if (!row.is_null(4)) {
    if (auto day = core::parse_date(row.text(4))) r.contacts.birthday = core::civil_from_day(*day);
  }
  r.contacts.consents.email = row.int64(5) != 0;
  r.contacts.consents.sms = row.int64(6) != 0;
  r.created = row.int64(7);
  r.updated = row.int64(8);
  return r;
}

bool has_letter(const std::string& q) {
  for (char ch : q) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

void add_ids(std::vector<std::string>& ids, const std::vector<SqlRow>& rows) {
  for (const auto& row : rows)
    if (std::find(ids.begin(), ids.end(), row.text(0)) == ids.end()) ids.push_back(row.text(0));
}

}  // namespace

Status save_customer_row(Sql& sql, const core::Customer& c, core::Instant now, bool keep_known) {
  std::optional<std::string> email_key;
  if (c.email) email_key = core::fold_name(*c.email);
  std::optional<std::string> birthday;
  if (c.birthday) birthday = core::card_fields::birthday_text(*c.birthday);
  auto up = sql.run(
      std::string(
          "INSERT INTO customers(id, name, phone, email, email_key, birthday, consent_email, "
          "consent_sms, created, updated) VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS INTEGER), "
          "CAST($8 AS INTEGER), CAST($9 AS BIGINT), CAST($9 AS BIGINT)) "
          "ON CONFLICT (id) DO UPDATE SET ") +
          (keep_known
               // A card joining a known customer without saying everything: what the card
               // leaves blank stays as the customer had it.
               ? "name = CASE WHEN excluded.name = '' THEN customers.name ELSE excluded.name "
                 "END, phone = COALESCE(excluded.phone, customers.phone), "
                 "email = COALESCE(excluded.email, customers.email), "
                 "email_key = COALESCE(excluded.email_key, customers.email_key), "
                 "birthday = COALESCE(excluded.birthday, customers.birthday), "
               : "name = excluded.name, phone = excluded.phone, email = excluded.email, "
                 "email_key = excluded.email_key, birthday = excluded.birthday, ") +
          "consent_email = excluded.consent_email, consent_sms = excluded.consent_sms, "
          "updated = excluded.updated",
      {c.id, c.name, c.phone, c.email, email_key, birthday, sql_int(c.consents.email ? 1 : 0),
       sql_int(c.consents.sms ? 1 : 0), sql_int(now)});
  if (!up) return up.status();
  if (keep_known && c.name.empty()) return Status::ok();  // the words stay the customer's
  auto gone = sql.run("DELETE FROM customer_words WHERE customer_id = $1", {c.id});
  if (!gone) return gone.status();
  for (const std::string& word : core::name_words(c.name)) {
    auto w = sql.run(
        "INSERT INTO customer_words(word, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        {word, c.id});
    if (!w) return w.status();
  }
  return Status::ok();
}

Status index_card_customer(Sql& sql, const core::CardState& card, core::Instant now) {
  auto was = sql.query("SELECT customer_id FROM customer_cards WHERE number = $1", {card.number});
  if (!was) return was.status();
  if (!card.customer) {
    auto r = sql.run("DELETE FROM customer_cards WHERE number = $1", {card.number});
    if (!r) return r.status();
  } else {
    const core::Customer& c = *card.customer;
    if (Status s = save_customer_row(sql, c, now, true); !s) return s;
    auto link = sql.run(
        "INSERT INTO customer_cards(number, customer_id) VALUES ($1, $2) "
        "ON CONFLICT (number) DO UPDATE SET customer_id = excluded.customer_id",
        {card.number, c.id});
    if (!link) return link.status();
  }
  // A customer is known through its cards: one whose last card now names another
  // customer is gone too (the card's id was corrected by an edit).
  if (was->empty() || (card.customer && was->front().text(0) == card.customer->id))
    return Status::ok();
  const std::string old = was->front().text(0);
  auto left = query_int(sql, "SELECT count(*) FROM customer_cards WHERE customer_id = $1", {old});
  if (!left) return left.status();
  if (left->value_or(0) > 0) return Status::ok();
  return forget_customer(sql, old);
}

Result<std::vector<std::string>> customer_cards(Sql& sql, const std::string& id) {
  auto rows =
      sql.query("SELECT number FROM customer_cards WHERE customer_id = $1 ORDER BY number", {id});
  if (!rows) return rows.status();
  std::vector<std::string> numbers;
  for (const auto& row : *rows) numbers.push_back(row.text(0));
  return numbers;
}

Result<std::optional<CustomerRecord>> load_customer(Sql& sql, const std::string& id) {
  auto rows = sql.query(std::string("SELECT ") + kColumns + " FROM customers WHERE id = $1", {id});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<CustomerRecord>();
  CustomerRecord r = record_from(rows->front());
  auto cards = customer_cards(sql, id);
  if (!cards) return cards.status();
  r.cards = std::move(*cards);
  return std::optional<CustomerRecord>(std::move(r));
}

Status forget_customer(Sql& sql, const std::string& id) {
  auto w = sql.run("DELETE FROM customer_words WHERE customer_id = $1", {id});
  if (!w) return w.status();
  auto c = sql.run("DELETE FROM customers WHERE id = $1", {id});
  return c ? Status::ok() : c.status();
}

Result<std::vector<CustomerRecord>> search_customers(Sql& sql, const std::string& q, int limit) {
  std::vector<std::string> ids;
  std::string trimmed = q;
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
  if (trimmed.empty()) return Status::invalid("must not be empty", "q");
  if (core::is_card_number(trimmed)) {
    auto rows = sql.query("SELECT customer_id FROM customer_cards WHERE number = $1", {trimmed});
    if (!rows) return rows.status();
    add_ids(ids, *rows);
  }
  if (auto phone = core::normalize_phone(trimmed)) {
    auto rows = sql.query(
        "SELECT id FROM customers WHERE phone = $1 ORDER BY id LIMIT " + std::to_string(limit),
        {*phone});
    if (!rows) return rows.status();
    add_ids(ids, *rows);
  }
  if (trimmed.find('@') != std::string::npos) {
    auto rows = sql.query(
        "SELECT id FROM customers WHERE email_key = $1 ORDER BY id LIMIT " + std::to_string(limit),
        {core::fold_name(trimmed)});
    if (!rows) return rows.status();
    add_ids(ids, *rows);
  } else if (has_letter(trimmed)) {
    // Every word of the query is a prefix of some word of the name.
    std::vector<std::string> words = core::name_words(trimmed);
    if (words.size() > 8) words.resize(8);
    // The longest word drives the scan (the narrowest range of the index); each other
    // word is a seek on (customer_id, word) for the customer found, so the scan stops at
    // the limit instead of intersecting whole ranges.
    std::stable_sort(words.begin(), words.end(), [](const std::string& a, const std::string& b) {
      return a.size() > b.size();
    });
    std::string statement;
    SqlParams params;
    for (const std::string& w : words) {
      const auto n = params.size();
      const std::string lo = "$" + std::to_string(n + 1), hi = "$" + std::to_string(n + 2);
      if (statement.empty())
        statement = "SELECT w.customer_id FROM customer_words w WHERE w.word >= " + lo +
                    " AND w.word < " + hi;
      else
        statement +=
            " AND EXISTS (SELECT 1 FROM customer_words x WHERE x.customer_id = "
            "w.customer_id AND x.word >= " +
            lo + " AND x.word < " + hi + ")";
      params.push_back(w);
      params.push_back(core::prefix_end(w));
    }
    if (!statement.empty()) {
      auto rows = sql.query(statement + " LIMIT " + std::to_string(limit), params);
      if (!rows) return rows.status();
      add_ids(ids, *rows);
    }
  }
  if (ids.size() > static_cast<std::size_t>(limit)) ids.resize(limit);
  std::vector<CustomerRecord> found;
  for (const std::string& id : ids) {
    auto c = load_customer(sql, id);
    if (!c) return c.status();
    if (*c) found.push_back(std::move(**c));
  }
  return found;
}

Json customer_summary(const CustomerRecord& r) {
  const core::Customer& c = r.contacts;
  return Json{{"id", c.id},
              {"name", c.name},
              {"phone", c.phone ? Json(*c.phone) : Json(nullptr)},
              {"email", c.email ? Json(*c.email) : Json(nullptr)},
              {"cards", r.cards}};
}

Json customer_contacts(const CustomerRecord& r) {
  Json j = customer_summary(r);
  const core::Customer& c = r.contacts;
  j["birthday"] = c.birthday ? Json(core::card_fields::birthday_text(*c.birthday)) : Json(nullptr);
  j["consents"] = Json{{"email", c.consents.email}, {"sms", c.consents.sms}};
  return j;
}

}  // namespace kopilka::office
