// CardEffects ⇄ JSON, the form in which journal entries are stored and synced.
#include "core/effects.h"

namespace kopilka::core {

namespace {

Json lot_json(const PointLot& l) {
  Json j = {{"id", l.id},
            {"program", l.program},
            {"earned_day", format_date(l.earned_day)},
            {"usable_from", format_date(l.usable_from)},
            {"points", l.remaining}};
  j["last_day"] = l.last_day ? Json(format_date(*l.last_day)) : Json(nullptr);
  return j;
}

// Members are looked up once each (find), not checked and then fetched: head office reads
// every pushed entry's effects at the shift-close storm.
Result<std::string> str(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return Status::invalid("must be a string", key);
  return it->get_ref<const std::string&>();
}
Result<std::int64_t> num(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return Status::invalid("is missing", key);
  auto v = json_integer(*it);
  if (!v) return Status::invalid(v.status().message(), key);
  return *v;
}
Result<Day> day(const Json& j, const char* key) {
  auto s = str(j, key);
  if (!s) return s.status();
  auto d = parse_date(*s);
  if (!d) return Status::invalid(d.status().message(), key);
  return *d;
}

Result<PointLot> lot_from(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  PointLot l;
  auto id = str(j, "id");
  if (!id) return id.status();
  l.id = *id;
  auto program = str(j, "program");
  if (!program) return program.status();
  l.program = *program;
  auto earned = day(j, "earned_day");
  if (!earned) return earned.status();
  l.earned_day = *earned;
  auto usable = day(j, "usable_from");
  if (!usable) return usable.status();
  l.usable_from = *usable;
  if (j.contains("last_day") && !j["last_day"].is_null()) {
    auto last = day(j, "last_day");
    if (!last) return last.status();
    l.last_day = *last;
  }
  auto points = num(j, "points");
  if (!points) return points.status();
  if (*points <= 0) return Status::invalid("must be positive", "points");
  l.remaining = *points;
  return l;
}

Json string_list(const std::vector<std::string>& v) {
  return Json(v);
}

template <typename T, typename F>
Status each(const Json& j, const char* key, F f) {
  auto it = j.find(key);
  if (it == j.end()) return Status::ok();
  if (!it->is_array()) return Status::invalid("must be an array", key);
  for (std::size_t i = 0; i < it->size(); ++i) {
    Status s = f((*it)[i]);
    if (!s) return s.under(std::string(key) + "[" + std::to_string(i) + "]");
  }
  return Status::ok();
}

}  // namespace

Json effects_to_json(const CardEffects& e) {
  Json j = Json::object();
  j["card"] = e.card;
  if (e.spent_delta) j["spent_delta"] = e.spent_delta;
  if (e.purchases_delta) j["purchases_delta"] = e.purchases_delta;
  if (e.visit_day) j["visit_day"] = format_date(*e.visit_day);
  if (e.visit_day_removed) j["visit_day_removed"] = format_date(*e.visit_day_removed);
  if (!e.draws.empty()) {
    Json d = Json::array();
    for (const auto& x : e.draws) d.push_back({{"lot", x.lot_id}, {"points", x.points}});
    j["draws"] = std::move(d);
  }
  if (!e.new_lots.empty()) {
    Json l = Json::array();
    for (const auto& x : e.new_lots) l.push_back(lot_json(x));
    j["new_lots"] = std::move(l);
  }
  if (!e.coupon_programs.empty()) j["coupon_programs"] = string_list(e.coupon_programs);
  if (!e.coupon_programs_returned.empty())
    j["coupon_programs_returned"] = string_list(e.coupon_programs_returned);
  if (!e.visit_rewards.empty()) {
    Json r = Json::array();
    for (const auto& [p, d] : e.visit_rewards)
      r.push_back({{"program", p}, {"day", format_date(d)}});
    j["visit_rewards"] = std::move(r);
  }
  if (!e.birthday_grants.empty()) {
    Json r = Json::array();
    for (const auto& [p, y] : e.birthday_grants) r.push_back({{"program", p}, {"year", y}});
    j["birthday_grants"] = std::move(r);
  }
  if (e.voucher_issued) {
    j["voucher_issued"] = {{"id", e.voucher_issued->id},
                           {"program", e.voucher_issued->program},
                           {"issued_day", format_date(e.voucher_issued->issued_day)},
                           {"last_day", format_date(e.voucher_issued->last_day)}};
  }
  if (e.voucher_used) j["voucher_used"] = *e.voucher_used;
  return j;
}

Result<CardEffects> effects_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  CardEffects e;
  auto card = str(j, "card");
  if (!card) return card.status();
  e.card = *card;
  if (j.contains("spent_delta")) {
    auto v = num(j, "spent_delta");
    if (!v) return v.status();
    e.spent_delta = *v;
  }
  if (j.contains("purchases_delta")) {
    auto v = num(j, "purchases_delta");
    if (!v) return v.status();
    e.purchases_delta = *v;
  }
  if (j.contains("visit_day")) {
    auto v = day(j, "visit_day");
    if (!v) return v.status();
    e.visit_day = *v;
  }
  if (j.contains("visit_day_removed")) {
    auto v = day(j, "visit_day_removed");
    if (!v) return v.status();
    e.visit_day_removed = *v;
  }
  Status s = each<LotDraw>(j, "draws", [&](const Json& x) -> Status {
    auto lot = str(x, "lot");
    if (!lot) return lot.status();
    auto pts = num(x, "points");
    if (!pts) return pts.status();
    if (*pts <= 0) return Status::invalid("must be positive", "points");
    e.draws.push_back({*lot, *pts});
    return Status::ok();
  });
  if (!s) return s;
  s = each<PointLot>(j, "new_lots", [&](const Json& x) -> Status {
    auto lot = lot_from(x);
    if (!lot) return lot.status();
    e.new_lots.push_back(std::move(*lot));
    return Status::ok();
  });
  if (!s) return s;
  auto strings = [&](const char* key, std::vector<std::string>& out) {
    return each<std::string>(j, key, [&](const Json& x) -> Status {
      if (!x.is_string()) return Status::invalid("must be a string");
      out.push_back(x.get<std::string>());
      return Status::ok();
    });
  };
  if (Status e1 = strings("coupon_programs", e.coupon_programs); !e1) return e1;
  if (Status e2 = strings("coupon_programs_returned", e.coupon_programs_returned); !e2) return e2;
  s = each<int>(j, "visit_rewards", [&](const Json& x) -> Status {
    auto p = str(x, "program");
    if (!p) return p.status();
    auto d = day(x, "day");
    if (!d) return d.status();
    e.visit_rewards.emplace_back(*p, *d);
    return Status::ok();
  });
  if (!s) return s;
  s = each<int>(j, "birthday_grants", [&](const Json& x) -> Status {
    auto p = str(x, "program");
    if (!p) return p.status();
    auto y = num(x, "year");
    if (!y) return y.status();
    if (*y < 1 || *y > 9999) return Status::invalid("must be a year from 1 to 9999", "year");
    e.birthday_grants.emplace_back(*p, static_cast<int>(*y));
    return Status::ok();
  });
  if (!s) return s;
  if (j.contains("voucher_issued")) {
    const Json& v = j["voucher_issued"];
    if (!v.is_object()) return Status::invalid("must be an object", "voucher_issued");
    Voucher voucher;
    auto id = str(v, "id");
    auto program = str(v, "program");
    auto issued = day(v, "issued_day");
    auto last = day(v, "last_day");
    if (!id || !program || !issued || !last)
      return Status::invalid("must have id, program, issued_day and last_day", "voucher_issued");
    voucher.id = *id;
    voucher.program = *program;
    voucher.issued_day = *issued;
    voucher.last_day = *last;
    e.voucher_issued = voucher;
  }
  if (j.contains("voucher_used")) {
    auto v = str(j, "voucher_used");
    if (!v) return v.status();
    e.voucher_used = *v;
  }
  return e;
}

}  // namespace kopilka::core
