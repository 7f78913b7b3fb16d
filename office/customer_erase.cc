// Erasing a customer's personal data; see customer_erase.h.
#include "office/customer_erase.h"

#include <array>
#include <string_view>

#include "office/customer_actions.h"
#include "office/customers.h"

namespace kopilka::office {

using core::Json;
using core::Result;
using core::Status;

namespace {

constexpr std::array<std::string_view, 4> kContactKeys = {"name", "phone", "email", "birthday"};

void blank_contacts(Json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool contact = false;
      for (std::string_view key : kContactKeys) contact = contact || it.key() == key;
      // Contacts are texts; a consent's "email": true is not one.
      if (contact && it.value().is_string())
        it.value() = "[удалено]";
      else
        blank_contacts(it.value());
    }
  } else if (j.is_array()) {
    for (Json& x : j) blank_contacts(x);
  }
}

// A stored JSON text with its contacts blanked; a text that is not JSON is dropped whole.
std::string blanked(const std::string& text) {
  auto parsed = core::parse_json_exact(text);
  if (!parsed) return "null";
  return without_contacts(core::json_plain(*parsed)).dump();
}

// One audit entry (id, before, after) blanked; the log allows it once (schema 024).
Result<std::int64_t> blank_audit_entry(Sql& sql, const SqlRow& r) {
  SqlParam before = r.is_null(1) ? SqlParam() : SqlParam(blanked(r.text(1)));
  SqlParam after = r.is_null(2) ? SqlParam() : SqlParam(blanked(r.text(2)));
  return sql.run(
      "UPDATE audit SET before = $1, after = $2, erased = 1 WHERE id = CAST($3 AS BIGINT)",
      {before, after, sql_int(r.int64(0))});
}

// The audit entries about `objects`, not blanked yet, blanked once.
Result<std::int64_t> erase_from_audit(Sql& sql, const std::vector<std::string>& objects) {
  std::int64_t changed = 0;
  for (const std::string& object : objects) {
    auto rows =
        sql.query("SELECT id, before, after FROM audit WHERE object = $1 AND erased = 0", {object});
    if (!rows) return rows.status();
    for (const SqlRow& r : *rows) {
      auto n = blank_audit_entry(sql, r);
      if (!n) return n.status();
      changed += *n;
    }
  }
  return changed;
}

// True when `j` holds a customer object of `id` (a card's "customer": {"id", "name", …}).
bool names_customer(const Json& j, const std::string& id) {
  if (j.is_object()) {
    if (j.contains("customer") && j["customer"].is_object()) {
      const Json& c = j["customer"];
      if (c.contains("id") && c["id"].is_string() && c["id"].get<std::string>() == id) return true;
    }
    for (const auto& [key, value] : j.items())
      if (names_customer(value, id)) return true;
  } else if (j.is_array()) {
    for (const Json& x : j)
      if (names_customer(x, id)) return true;
  }
  return false;
}

bool text_names_customer(const SqlRow& r, int column, const std::string& id) {
  if (r.is_null(column)) return false;
  auto parsed = core::parse_json_exact(r.text(column));
  return parsed && names_customer(*parsed, id);
}

// The audit entries of cards the customer held before and no longer does (moved to another
// customer): their before or after still names the customer with their contacts. Found by
// the id in the text, then confirmed in the JSON. Erasure is rare: one scan of the log.
Result<std::int64_t> erase_from_earlier_cards(Sql& sql, const std::string& id) {
  std::string pattern = "%";
  for (char c : id) {
    if (c == '!' || c == '%' || c == '_') pattern += '!';
    pattern += c;
  }
  pattern += '%';
  auto rows = sql.query(
      "SELECT id, before, after FROM audit WHERE object LIKE 'card:%' AND erased = 0 AND "
      "(before LIKE $1 ESCAPE '!' OR after LIKE $1 ESCAPE '!')",
      {pattern});
  if (!rows) return rows.status();
  std::int64_t changed = 0;
  for (const SqlRow& r : *rows) {
    if (!text_names_customer(r, 1, id) && !text_names_customer(r, 2, id)) continue;
    auto n = blank_audit_entry(sql, r);
    if (!n) return n.status();
    changed += *n;
  }
  return changed;
}

Status erase_from_outbox(Sql& sql, const std::string& customer, Erasure& out) {
  auto stopped = sql.run(
      "UPDATE outbox SET state = 'suppressed', reason = 'the customer''s data was erased' "
      "WHERE customer_id = $1 AND state = 'queued'",
      {customer});
  if (!stopped) return stopped.status();
  out.messages_stopped = *stopped;
  auto rows = sql.query("SELECT id, payload FROM outbox WHERE customer_id = $1", {customer});
  if (!rows) return rows.status();
  for (const SqlRow& r : *rows) {
    auto n =
        sql.run("UPDATE outbox SET payload = $1 WHERE id = $2", {blanked(r.text(1)), r.text(0)});
    if (!n) return n.status();
    out.messages += *n;
  }
  return Status::ok();
}

}  // namespace

Json without_contacts(Json j) {
  blank_contacts(j);
  return j;
}

Result<Erasure> erase_customer(Storage& store, const std::string& id, core::Instant now) {
  auto edit = parse_customer_edit(Json{{"name", kErasedName},
                                       {"phone", nullptr},
                                       {"email", nullptr},
                                       {"birthday", nullptr},
                                       {"consents", {{"email", false}, {"sms", false}}}});
  if (!edit) return edit.status();
  Erasure out;
  auto changed = edit_customer(store, id, *edit, now, [&](Sql& sql) -> Status {
    auto cards = customer_cards(sql, id);
    if (!cards) return cards.status();
    out.cards = *cards;
    std::vector<std::string> objects{"customer:" + id};
    for (const std::string& card : *cards) objects.push_back("card:" + card);
    auto merged = sql.query("SELECT from_id FROM customer_merges WHERE into_id = $1", {id});
    if (!merged) return merged.status();
    std::vector<std::string> ids{id};  // the person's, and those merged into them
    for (const SqlRow& r : *merged) {
      objects.push_back("customer:" + r.text(0));
      ids.push_back(r.text(0));
    }
    auto audited = erase_from_audit(sql, objects);
    if (!audited) return audited.status();
    out.audit_entries = *audited;
    for (const std::string& person : ids) {
      auto earlier = erase_from_earlier_cards(sql, person);
      if (!earlier) return earlier.status();
      out.audit_entries += *earlier;
    }
    // An adjustment's stored answer (replayed for a repeated adjust_id) shows the card with
    // its customer.
    for (const std::string& card : *cards) {
      auto rows = sql.query("SELECT adjust_id, response FROM adjustments WHERE card = $1", {card});
      if (!rows) return rows.status();
      for (const SqlRow& r : *rows) {
        auto n = sql.run("UPDATE adjustments SET response = $1 WHERE adjust_id = $2",
                         {blanked(r.text(1)), r.text(0)});
        if (!n) return n.status();
      }
    }
    return erase_from_outbox(sql, id, out);
  });
  if (!changed) return changed.status();
  return out;
}

}  // namespace kopilka::office
