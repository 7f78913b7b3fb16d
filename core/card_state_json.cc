// CardState ⇄ JSON tree; see card_state_json.h. Days travel as "YYYY-MM-DD" so that a
// stored or synced document can be read by a person.
#include "core/card_state_json.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/card_state_fields.h"
#include "core/json_fields.h"

namespace kopilka::core {

namespace {

using namespace card_fields;

// Builds the tree straight from the key list: a string is stored as it is (the dump that
// sends it decides what to do with bytes that are not UTF-8), so building never throws.
struct TreeWriter {
  static Json value(const std::string& s) { return s; }
  static Json value(std::int64_t v) { return v; }
  static Json value(int v) { return v; }
  static Json value(bool v) { return v; }
  static Json value(const Consents& c) {
    return object([&](auto&& put) { consents(c, put); });
  }
  static Json value(CardStatus status) { return to_string(status); }
  static Json value(Date d) { return format_date(d.day); }
  static Json value(Birthday b) { return birthday_text(b.date); }
  static Json value(Dates d) {
    Json a = Json::array();
    for (Day day : d.days) a.push_back(value(Date{day}));
    return a;
  }
  static Json value(DatesByKey d) {
    Json o = Json::object();
    for (const auto& [key, day] : d.days) o[key] = value(Date{day});
    return o;
  }
  static Json value(SpentDays d) {
    Json o = Json::object();
    for (const DaySpent& s : d.days) o[format_date(s.day)] = s.amount;
    return o;
  }
  static Json value(const Customer& c) {
    return object([&](auto&& put) { customer(c, put); });
  }
  static Json value(const PointLot& l) {
    return object([&](auto&& put) { lot(l, "remaining", put); });
  }
  static Json value(const Voucher& v) {
    return object([&](auto&& put) { voucher(v, put); });
  }
  static Json value(const Referral& r) {
    return object([&](auto&& put) { referral(r, put); });
  }
  template <typename T>
  static Json value(const std::optional<T>& v) {
    return v ? value(*v) : Json(nullptr);
  }
  template <typename T>
  static Json value(const std::vector<T>& items) {
    Json a = Json::array();
    for (const T& item : items) a.push_back(value(item));
    return a;
  }
  template <typename T>
  static Json value(const std::map<std::string, T>& m) {
    Json o = Json::object();
    for (const auto& [key, v] : m) o[key] = value(v);
    return o;
  }
  template <typename Fields>
  static Json object(Fields fields) {
    Json o = Json::object();
    fields([&](const char* key, const auto& v) { o[key] = value(v); });
    return o;
  }
};

// "spent_days" (optional): {"YYYY-MM-DD": kopecks > 0}; the object's keys come sorted.
Status spent_days_field(const Json& j, std::vector<DaySpent>& out) {
  auto it = j.find("spent_days");
  if (it == j.end()) return Status::ok();
  if (!it->is_object()) return Status::invalid("must be an object", "spent_days");
  for (auto e = it->begin(); e != it->end(); ++e) {
    auto day = date_item(Json(e.key()));
    if (!day) return day.status().under("spent_days." + e.key());
    auto amount = integer_item(e.value());
    if (!amount || *amount <= 0)
      return Status::invalid("must be a whole number of kopecks above 0", "spent_days." + e.key());
    out.push_back(DaySpent{*day, *amount});
  }
  return Status::ok();
}

}  // namespace

Json card_state_to_json(const CardState& c) {
  return TreeWriter::object([&](auto&& put) { card(c, put); });
}

Json customer_to_json(const Customer& c) {
  return TreeWriter::value(c);
}

Json lot_to_json(const PointLot& l, const char* amount_key) {
  return TreeWriter::object([&](auto&& put) { lot(l, amount_key, put); });
}

Json voucher_to_json(const Voucher& v) {
  return TreeWriter::value(v);
}

Result<Customer> customer_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  Customer c;
  auto id = string_field(j, "id");
  if (!id) return id.status();
  c.id = *id;
  auto name = string_field(j, "name");
  if (!name) return name.status();
  c.name = *name;
  if (auto it = j.find("phone"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return Status::invalid("must be a string or null", "phone");
    c.phone = it->get<std::string>();
  }
  if (auto it = j.find("birthday"); it != j.end() && !it->is_null()) {
    auto d = it->is_string() ? parse_date(it->get<std::string>())
                             : Result<Day>(Status::invalid("must be a date"));
    if (!d) return Status::invalid(d.status().message(), "birthday");
    c.birthday = civil_from_day(*d);
  }
  if (auto it = j.find("email"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return Status::invalid("must be a string or null", "email");
    c.email = it->get<std::string>();
  }
  if (auto it = j.find("consents"); it != j.end() && !it->is_null()) {
    auto got = consents_from_json(*it);
    if (!got) return got.status().under("consents");
    c.consents = *got;
  }
  return c;
}

Result<Consents> consents_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  Consents c;
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool* channel = it.key() == "email" ? &c.email : it.key() == "sms" ? &c.sms : nullptr;
    if (!channel) return Status::invalid("unknown channel; known: email, sms", it.key());
    if (!it->is_boolean()) return Status::invalid("must be true or false", it.key());
    *channel = it->get<bool>();
  }
  return c;
}

Result<PointLot> lot_from_json(const Json& j, const char* amount_key) {
  if (!j.is_object()) return Status::invalid("must be an object");
  PointLot lot;
  auto id = string_field(j, "id");
  if (!id) return id.status();
  lot.id = *id;
  auto program = string_field(j, "program");
  if (!program) return program.status();
  lot.program = *program;
  auto earned = date_field(j, "earned_day");
  if (!earned) return earned.status();
  lot.earned_day = *earned;
  auto usable = date_field(j, "usable_from");
  if (!usable) return usable.status();
  lot.usable_from = *usable;
  auto last = optional_date_field(j, "last_day");
  if (!last) return last.status();
  lot.last_day = *last;
  auto remaining = integer_field(j, amount_key);
  if (!remaining) return remaining.status();
  lot.remaining = *remaining;
  return lot;
}

Result<Voucher> voucher_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  Voucher v;
  auto id = string_field(j, "id");
  if (!id) return id.status();
  v.id = *id;
  auto program = string_field(j, "program");
  if (!program) return program.status();
  v.program = *program;
  auto issued = date_field(j, "issued_day");
  if (!issued) return issued.status();
  v.issued_day = *issued;
  auto last = date_field(j, "last_day");
  if (!last) return last.status();
  v.last_day = *last;
  return v;
}

namespace {

Result<Referral> referral_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  Referral r;
  auto by = string_field(j, "by");
  if (!by) return by.status();
  r.by = *by;
  auto closed = bool_field(j, "closed");
  if (!closed) return closed.status();
  r.closed = *closed;
  auto entry = string_field(j, "rewarded_entry");
  if (!entry) return entry.status();
  r.rewarded_entry = *entry;
  return r;
}

}  // namespace

Result<CardState> card_state_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  CardState card;
  auto number = string_field(j, "number");
  if (!number) return number.status();
  card.number = *number;
  auto status_text = string_field(j, "status");
  if (!status_text) return status_text.status();
  auto status = card_status_from(*status_text);
  if (!status) return Status::invalid("must be active, blocked or lost", "status");
  card.status = *status;
  if (Status s = array_field(j, "groups", card.groups, string_item); !s) return s;
  if (auto it = j.find("customer"); it != j.end() && !it->is_null()) {
    auto c = customer_from_json(*it);
    if (!c) return c.status().under("customer");
    card.customer = *c;
  }
  auto spent = integer_field(j, "spent");
  if (!spent) return spent.status();
  card.spent = *spent;
  auto purchases = integer_field(j, "purchases");
  if (!purchases) return purchases.status();
  card.purchases = *purchases;
  auto debt = integer_field(j, "debt");
  if (!debt) return debt.status();
  card.debt = *debt;
  auto as_lot = [](const Json& v) { return lot_from_json(v); };
  auto as_year = [](const Json& v) -> Result<int> {
    auto y = json_integer(v);
    if (!y) return y.status();
    if (*y < 0 || *y > 9999) return Status::invalid("must be a year");
    return static_cast<int>(*y);
  };
  if (Status s = array_field(j, "visit_days", card.visit_days, date_item); !s) return s;
  if (Status s = spent_days_field(j, card.spent_days); !s) return s;
  if (Status s = array_field(j, "lots", card.lots, as_lot); !s) return s;
  if (Status s = map_field(j, "visit_rewarded_on", card.visit_rewarded_on, date_item); !s) return s;
  if (Status s = map_field(j, "birthday_granted_year", card.birthday_granted_year, as_year); !s)
    return s;
  if (Status s = map_field(j, "coupon_uses", card.coupon_uses, integer_item); !s) return s;
  if (Status s = array_field(j, "vouchers", card.vouchers, voucher_from_json); !s) return s;
  if (auto it = j.find("referral"); it != j.end() && !it->is_null()) {
    auto r = referral_from_json(*it);
    if (!r) return r.status().under("referral");
    card.referral = std::move(*r);
  }
  if (j.contains("replaced_by")) {
    auto by = string_field(j, "replaced_by");
    if (!by) return by.status();
    card.replaced_by = *by;
  }
  if (auto it = j.find("type"); it != j.end()) {
    auto type = it->is_string() ? card_type_from(it->get<std::string>()) : std::nullopt;
    if (!type) return Status::invalid("must be loyalty or gift", "type");
    card.type = *type;
  }
  if (j.contains("wallet")) {
    auto wallet = integer_field(j, "wallet");
    if (!wallet) return wallet.status();
    card.wallet = *wallet;
  }
  return card;
}

}  // namespace kopilka::core
