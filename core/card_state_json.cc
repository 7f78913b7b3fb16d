// CardState ⇄ JSON; see card_state_json.h. Days travel as "YYYY-MM-DD" so that a stored
// or synced document can be read by a person.
#include "core/card_state_json.h"

#include <string>

namespace kopilka::core {

namespace {

std::string birthday_text(const CivilDate& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
  return buf;
}

Result<std::string> get_string(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return Status::invalid("must be a string", key);
  return it->get<std::string>();
}

Result<std::int64_t> get_int(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::invalid("is missing", key);
  auto v = json_integer(*it);
  if (!v) return Status::invalid(v.status().message(), key);
  return *v;
}

Result<Day> get_day(const Json& obj, const char* key) {
  auto s = get_string(obj, key);
  if (!s) return s.status();
  auto d = parse_date(*s);
  if (!d) return Status::invalid(d.status().message(), key);
  return *d;
}

}  // namespace

Json customer_to_json(const Customer& c) {
  Json j = {{"id", c.id}, {"name", c.name}};
  j["phone"] = c.phone ? Json(*c.phone) : Json(nullptr);
  j["birthday"] = c.birthday ? Json(birthday_text(*c.birthday)) : Json(nullptr);
  return j;
}

Result<Customer> customer_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  Customer c;
  auto id = get_string(j, "id");
  if (!id) return id.status();
  c.id = *id;
  auto name = get_string(j, "name");
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
  return c;
}

Json card_state_to_json(const CardState& card) {
  Json lots = Json::array();
  for (const auto& lot : card.lots) {
    Json l = {{"id", lot.id},
              {"program", lot.program},
              {"earned_day", format_date(lot.earned_day)},
              {"usable_from", format_date(lot.usable_from)},
              {"remaining", lot.remaining}};
    l["last_day"] = lot.last_day ? Json(format_date(*lot.last_day)) : Json(nullptr);
    lots.push_back(std::move(l));
  }
  Json visits = Json::array();
  for (Day d : card.visit_days) visits.push_back(format_date(d));
  Json rewarded = Json::object();
  for (const auto& [program, day] : card.visit_rewarded_on) rewarded[program] = format_date(day);
  Json vouchers = Json::array();
  for (const auto& v : card.vouchers) {
    vouchers.push_back({{"id", v.id},
                        {"program", v.program},
                        {"issued_day", format_date(v.issued_day)},
                        {"last_day", format_date(v.last_day)}});
  }
  Json j = {{"number", card.number},
            {"status", to_string(card.status)},
            {"groups", card.groups},
            {"spent", card.spent},
            {"purchases", card.purchases},
            {"visit_days", std::move(visits)},
            {"debt", card.debt},
            {"lots", std::move(lots)},
            {"visit_rewarded_on", std::move(rewarded)},
            {"birthday_granted_year", Json(card.birthday_granted_year)},
            {"coupon_uses", Json(card.coupon_uses)},
            {"vouchers", std::move(vouchers)}};
  j["customer"] = card.customer ? customer_to_json(*card.customer) : Json(nullptr);
  return j;
}

namespace {

Result<PointLot> lot_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  PointLot lot;
  auto id = get_string(j, "id");
  if (!id) return id.status();
  lot.id = *id;
  auto program = get_string(j, "program");
  if (!program) return program.status();
  lot.program = *program;
  auto earned = get_day(j, "earned_day");
  if (!earned) return earned.status();
  lot.earned_day = *earned;
  auto usable = get_day(j, "usable_from");
  if (!usable) return usable.status();
  lot.usable_from = *usable;
  if (auto it = j.find("last_day"); it != j.end() && !it->is_null()) {
    auto last = get_day(j, "last_day");
    if (!last) return last.status();
    lot.last_day = *last;
  }
  auto remaining = get_int(j, "remaining");
  if (!remaining) return remaining.status();
  lot.remaining = *remaining;
  return lot;
}

Result<Voucher> voucher_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  Voucher v;
  auto id = get_string(j, "id");
  if (!id) return id.status();
  v.id = *id;
  auto program = get_string(j, "program");
  if (!program) return program.status();
  v.program = *program;
  auto issued = get_day(j, "issued_day");
  if (!issued) return issued.status();
  v.issued_day = *issued;
  auto last = get_day(j, "last_day");
  if (!last) return last.status();
  v.last_day = *last;
  return v;
}

template <typename T, typename F>
Status read_array(const Json& j, const char* key, std::vector<T>& out, F parse) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return Status::invalid("must be an array", key);
  for (std::size_t i = 0; i < it->size(); ++i) {
    auto item = parse((*it)[i]);
    if (!item) return item.status().under(std::string(key) + "[" + std::to_string(i) + "]");
    out.push_back(std::move(*item));
  }
  return Status::ok();
}

template <typename T, typename F>
Status read_map(const Json& j, const char* key, std::map<std::string, T>& out, F parse) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return Status::invalid("must be an object", key);
  for (auto e = it->begin(); e != it->end(); ++e) {
    auto item = parse(e.value());
    if (!item) return item.status().under(std::string(key) + "." + e.key());
    out[e.key()] = *item;
  }
  return Status::ok();
}

}  // namespace

Result<CardState> card_state_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  CardState card;
  auto number = get_string(j, "number");
  if (!number) return number.status();
  card.number = *number;
  auto status_text = get_string(j, "status");
  if (!status_text) return status_text.status();
  auto status = card_status_from(*status_text);
  if (!status) return Status::invalid("must be active, blocked or lost", "status");
  card.status = *status;
  auto as_string = [](const Json& v) -> Result<std::string> {
    if (!v.is_string()) return Status::invalid("must be a string");
    return v.get<std::string>();
  };
  if (Status s = read_array(j, "groups", card.groups, as_string); !s) return s;
  if (auto it = j.find("customer"); it != j.end() && !it->is_null()) {
    auto c = customer_from_json(*it);
    if (!c) return c.status().under("customer");
    card.customer = *c;
  }
  auto spent = get_int(j, "spent");
  if (!spent) return spent.status();
  card.spent = *spent;
  auto purchases = get_int(j, "purchases");
  if (!purchases) return purchases.status();
  card.purchases = *purchases;
  auto debt = get_int(j, "debt");
  if (!debt) return debt.status();
  card.debt = *debt;
  auto as_day = [](const Json& v) -> Result<Day> {
    if (!v.is_string()) return Status::invalid("must be a date");
    return parse_date(v.get<std::string>());
  };
  auto as_int = [](const Json& v) -> Result<std::int64_t> { return json_integer(v); };
  auto as_year = [](const Json& v) -> Result<int> {
    auto y = json_integer(v);
    if (!y) return y.status();
    if (*y < 0 || *y > 9999) return Status::invalid("must be a year");
    return static_cast<int>(*y);
  };
  if (Status s = read_array(j, "visit_days", card.visit_days, as_day); !s) return s;
  if (Status s = read_array(j, "lots", card.lots, lot_from_json); !s) return s;
  if (Status s = read_map(j, "visit_rewarded_on", card.visit_rewarded_on, as_day); !s) return s;
  if (Status s = read_map(j, "birthday_granted_year", card.birthday_granted_year, as_year); !s)
    return s;
  if (Status s = read_map(j, "coupon_uses", card.coupon_uses, as_int); !s) return s;
  if (Status s = read_array(j, "vouchers", card.vouchers, voucher_from_json); !s) return s;
  return card;
}

}  // namespace kopilka::core
