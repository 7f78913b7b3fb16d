// Admin card edits; see card_edit.h.
#include "core/card_edit.h"

#include <set>

#include "core/json_fields.h"
#include "core/receipt.h"
#include "core/time.h"

namespace kopilka::core {

namespace {

Status check_keys(const Json& obj, const std::set<std::string>& known) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (!known.count(it.key())) return Status::invalid("unknown field", it.key());
  }
  return Status::ok();
}

Result<std::string> short_string(const Json& v, const std::string& field) {
  auto s = string_value(v, field);
  if (!s) return s;
  if (s->size() > kMaxStringLength) return Status::invalid("is longer than 256 characters", field);
  return s;
}

bool valid_phone(const std::string& p) {
  if (p.size() < 5 || p.size() > 16 || p[0] != '+') return false;
  for (std::size_t i = 1; i < p.size(); ++i)
    if (p[i] < '0' || p[i] > '9') return false;
  return true;
}

}  // namespace

Result<CardEdit> parse_card_edit(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  if (Status s = check_keys(body, {"status", "groups", "customer"}); !s) return s;
  CardEdit edit;
  if (body.contains("status")) {
    auto text = short_string(body["status"], "status");
    if (!text) return text.status();
    edit.status = card_status_from(*text);
    if (!edit.status) return Status::invalid("must be active, blocked or lost", "status");
  }
  if (body.contains("groups")) {
    const Json& g = body["groups"];
    if (!g.is_array() || g.size() > 64)
      return Status::invalid("must be an array of up to 64 names", "groups");
    std::vector<std::string> groups;
    for (std::size_t i = 0; i < g.size(); ++i) {
      auto name = short_string(g[i], "groups[" + std::to_string(i) + "]");
      if (!name) return name.status();
      groups.push_back(*name);
    }
    edit.groups = std::move(groups);
  }
  if (body.contains("customer")) {
    const Json& c = body["customer"];
    if (!c.is_object()) return Status::invalid("must be an object", "customer");
    if (Status s = check_keys(c, {"id", "name", "phone", "birthday"}); !s)
      return s.under("customer");
    edit.has_customer = true;
    if (c.contains("id")) {
      auto v = short_string(c["id"], "customer.id");
      if (!v) return v.status();
      edit.customer_id = *v;
    }
    if (c.contains("name")) {
      auto v = short_string(c["name"], "customer.name");
      if (!v) return v.status();
      edit.name = *v;
    }
    if (c.contains("phone")) {
      edit.has_phone = true;
      if (!c["phone"].is_null()) {
        auto v = short_string(c["phone"], "customer.phone");
        if (!v) return v.status();
        if (!valid_phone(*v))
          return Status::invalid("must be + and 4 to 15 digits, like +79991234567",
                                 "customer.phone");
        edit.phone = *v;
      }
    }
    if (c.contains("birthday")) {
      edit.has_birthday = true;
      if (!c["birthday"].is_null()) {
        auto v = short_string(c["birthday"], "customer.birthday");
        if (!v) return v.status();
        auto day = parse_date(*v);
        if (!day) return Status::invalid(day.status().message(), "customer.birthday");
        edit.birthday = civil_from_day(*day);
      }
    }
  }
  return edit;
}

void apply_card_edit(CardState& card, const CardEdit& edit) {
  if (edit.status) card.status = *edit.status;
  if (edit.groups) card.groups = *edit.groups;
  if (!edit.has_customer) return;
  if (!card.customer) card.customer = Customer{"c-" + card.number, "", std::nullopt, std::nullopt};
  Customer& c = *card.customer;
  if (edit.customer_id) c.id = *edit.customer_id;
  if (edit.name) c.name = *edit.name;
  if (edit.has_phone) c.phone = edit.phone;
  if (edit.has_birthday) c.birthday = edit.birthday;
}

}  // namespace kopilka::core
