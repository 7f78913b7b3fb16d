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

constexpr const char* kCustomerColumns =
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

// A range of the word index counted up to this many entries is a quick walk; a word past
// it is common.
constexpr int kRangeProbe = 20000;

// `driver`'s range scanned (at most `scan` entries of it, 0: all), each other word a seek
// on (customer_id, word) for the customer found, up to `limit` customers.
Result<std::vector<SqlRow>> name_scan(Sql& sql, const std::vector<std::string>& words,
                                      std::size_t driver, int scan, int limit) {
  SqlParams params{words[driver], core::prefix_end(words[driver])};
  std::string statement =
      scan > 0 ? "SELECT w.customer_id FROM (SELECT customer_id FROM customer_words WHERE word "
                 ">= $1 AND word < $2 ORDER BY word, customer_id LIMIT " +
                     std::to_string(scan) + ") w WHERE 1 = 1"
               : "SELECT w.customer_id FROM customer_words w WHERE w.word >= $1 AND w.word < $2";
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i == driver) continue;
    const auto n = params.size();
    statement +=
        " AND EXISTS (SELECT 1 FROM customer_words x WHERE x.customer_id = "
        "w.customer_id AND x.word >= $" +
        std::to_string(n + 1) + " AND x.word < $" + std::to_string(n + 2) + ")";
    params.push_back(words[i]);
    params.push_back(core::prefix_end(words[i]));
  }
  return sql.query(statement + " LIMIT " + std::to_string(limit), params);
}

// Customers whose name has a word starting with every word of `text`. One word's range is
// scanned and the others sought per customer, so the scan stops at the limit instead of
// intersecting whole ranges; what matters is which word's range is scanned. A word whose
// range counts under kRangeProbe drives (the narrowest: the scan is short whatever it
// finds). When every word is common, each drives in turn for kRangeProbe entries, the
// longest first, and the first to find `limit` customers answers; only when none does is
// a whole range scanned. Length alone chose "покупатель" on a chain where every name has
// it: "Покупатель 500017" scanned 1 000 000 customers (1.1 s) and "Покупатель 5" the
// 450 000 ids before "c-5…" (0.4 s) (docs/benchmarks.md "Web admin pages").
Status add_name_matches(Sql& sql, const std::string& text, int limit,
                        std::vector<std::string>& ids) {
  std::vector<std::string> words = core::name_words(text);
  if (words.size() > 8) words.resize(8);
  if (words.empty()) return Status::ok();
  std::stable_sort(words.begin(), words.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::vector<std::int64_t> sizes(words.size(), 0);
  std::size_t narrowest = 0;
  for (std::size_t i = 0; words.size() > 1 && i < words.size(); ++i) {
    auto count = query_int(sql,
                           "SELECT count(*) FROM (SELECT 1 FROM customer_words WHERE word >= $1 "
                           "AND word < $2 LIMIT " +
                               std::to_string(kRangeProbe) + ") AS probe",
                           {words[i], core::prefix_end(words[i])});
    if (!count) return count.status();
    sizes[i] = count->value_or(0);
    if (sizes[i] < sizes[narrowest]) narrowest = i;
  }
  if (words.size() > 1 && sizes[narrowest] >= kRangeProbe) {
    for (std::size_t d = 0; d < words.size(); ++d) {
      auto rows = name_scan(sql, words, d, kRangeProbe, limit);
      if (!rows) return rows.status();
      if (rows->size() >= static_cast<std::size_t>(limit)) {
        add_ids(ids, *rows);
        return Status::ok();
      }
    }
  }
  auto rows = name_scan(sql, words, narrowest, 0, limit);
  if (!rows) return rows.status();
  add_ids(ids, *rows);
  return Status::ok();
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
  // Consent given (again) ends the customer's own withdrawal of it (an SMS STOP, an
  // unsubscribe link; office/consent_withdrawal.h): a withdrawal turned every card's consent
  // off, so consent saved as given is somebody giving it now.
  for (const auto& [given, channel] :
       {std::pair{c.consents.email, "email"}, std::pair{c.consents.sms, "sms"}})
    if (given)
      if (auto gone = sql.run("DELETE FROM unsubscribed WHERE customer_id = $1 AND channel = $2",
                              {c.id, channel});
          !gone)
        return gone.status();
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

Status join_known_customer(Sql& sql, core::CardState& card, const core::CardEdit& edit) {
  if (!edit.has_customer || !edit.customer_id) return Status::ok();
  if (card.customer && card.customer->id == *edit.customer_id) return Status::ok();
  auto known = load_customer(sql, *edit.customer_id);
  if (!known) return known.status();
  if (*known) card.customer = (*known)->contacts;
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
  auto rows =
      sql.query(std::string("SELECT ") + kCustomerColumns + " FROM customers WHERE id = $1", {id});
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
  // A card number as printed on the card: "2000 0000 0001 5", "2000-0000-0001-5".
  std::string number;
  for (char c : trimmed)
    if (c != ' ' && c != '-') number += c;
  if (core::is_card_number(number)) {
    auto rows = sql.query("SELECT customer_id FROM customer_cards WHERE number = $1", {number});
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
    if (Status st = add_name_matches(sql, trimmed, limit, ids); !st) return st;
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
