// CardEffects ⇄ JSON, the form in which journal entries are stored and synced.
#include "core/effects.h"

#include "core/card_state_json.h"
#include "core/json_fields.h"

namespace kopilka::core {

namespace {

Result<PointLot> new_lot_from(const Json& j) {
  auto lot = lot_from_json(j, "points");
  if (lot && lot->remaining <= 0) return Status::invalid("must be positive", "points");
  return lot;
}

Result<LotDraw> draw_from(const Json& x) {
  auto lot = string_field(x, "lot");
  if (!lot) return lot.status();
  auto pts = integer_field(x, "points");
  if (!pts) return pts.status();
  if (*pts <= 0) return Status::invalid("must be positive", "points");
  if (!x.contains("usable_from")) return LotDraw{*lot, *pts};
  LotDates dates;
  auto program = string_field(x, "program");
  if (!program) return program.status();
  dates.program = *program;
  auto usable = date_field(x, "usable_from");
  if (!usable) return usable.status();
  dates.usable_from = *usable;
  auto last = optional_date_field(x, "last_day");
  if (!last) return last.status();
  dates.last_day = *last;
  return LotDraw{*lot, *pts, std::move(dates)};
}

Result<std::pair<std::string, Day>> visit_reward_from(const Json& x) {
  auto p = string_field(x, "program");
  if (!p) return p.status();
  auto d = date_field(x, "day");
  if (!d) return d.status();
  return std::pair(*p, *d);
}

Result<std::pair<std::string, int>> birthday_grant_from(const Json& x) {
  auto p = string_field(x, "program");
  if (!p) return p.status();
  auto y = integer_field(x, "year");
  if (!y) return y.status();
  if (*y < 1 || *y > 9999) return Status::invalid("must be a year from 1 to 9999", "year");
  return std::pair(*p, static_cast<int>(*y));
}

}  // namespace

Json referral_to_json(const ReferralEffects& r) {
  Json j = {{"program", r.program},
            {"referrer", r.referrer},
            {"referee_points", r.referee_points},
            {"referrer_points", r.referrer_points},
            {"earned_day", format_date(r.earned_day)},
            {"usable_from", format_date(r.usable_from)},
            {"last_day", r.last_day ? Json(format_date(*r.last_day)) : Json()}};
  if (!r.reverses.empty()) j["reverses"] = r.reverses;
  return j;
}

Result<ReferralEffects> referral_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  ReferralEffects r;
  auto program = string_field(j, "program");
  if (!program) return program.status();
  r.program = *program;
  auto referrer = string_field(j, "referrer");
  if (!referrer) return referrer.status();
  r.referrer = *referrer;
  auto referee_points = integer_field(j, "referee_points");
  if (!referee_points) return referee_points.status();
  r.referee_points = *referee_points;
  auto referrer_points = integer_field(j, "referrer_points");
  if (!referrer_points) return referrer_points.status();
  r.referrer_points = *referrer_points;
  if (r.referee_points < 0) return Status::invalid("must not be negative", "referee_points");
  if (r.referrer_points < 0) return Status::invalid("must not be negative", "referrer_points");
  auto earned = date_field(j, "earned_day");
  if (!earned) return earned.status();
  r.earned_day = *earned;
  auto usable = date_field(j, "usable_from");
  if (!usable) return usable.status();
  r.usable_from = *usable;
  auto last = optional_date_field(j, "last_day");
  if (!last) return last.status();
  r.last_day = *last;
  if (j.contains("reverses")) {
    auto v = string_field(j, "reverses");
    if (!v) return v.status();
    r.reverses = *v;
  }
  return r;
}

Json effects_to_json(const CardEffects& e) {
  Json j = Json::object();
  j["card"] = e.card;
  if (e.spent_delta) j["spent_delta"] = e.spent_delta;
  if (e.spent_delta && e.spent_day) j["spent_day"] = format_date(*e.spent_day);
  if (e.purchases_delta) j["purchases_delta"] = e.purchases_delta;
  if (e.visit_day) j["visit_day"] = format_date(*e.visit_day);
  if (e.visit_day_removed) j["visit_day_removed"] = format_date(*e.visit_day_removed);
  if (!e.draws.empty()) {
    Json d = Json::array();
    for (const auto& x : e.draws) {
      Json draw = {{"lot", x.lot_id}, {"points", x.points}};
      if (x.dates) {
        draw["program"] = x.dates->program;
        draw["usable_from"] = format_date(x.dates->usable_from);
        draw["last_day"] = x.dates->last_day ? Json(format_date(*x.dates->last_day)) : Json();
      }
      d.push_back(std::move(draw));
    }
    j["draws"] = std::move(d);
  }
  if (!e.new_lots.empty()) {
    Json l = Json::array();
    for (const auto& x : e.new_lots) l.push_back(lot_to_json(x, "points"));
    j["new_lots"] = std::move(l);
  }
  if (!e.coupon_programs.empty()) j["coupon_programs"] = Json(e.coupon_programs);
  if (!e.coupon_programs_returned.empty())
    j["coupon_programs_returned"] = Json(e.coupon_programs_returned);
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
  // One voucher is written as entries have always carried it (an object, a string), so
  // older readers take it; several are arrays under the same keys.
  if (e.vouchers_issued.size() == 1) {
    j["voucher_issued"] = voucher_to_json(e.vouchers_issued[0]);
  } else if (!e.vouchers_issued.empty()) {
    Json list = Json::array();
    for (const auto& v : e.vouchers_issued) list.push_back(voucher_to_json(v));
    j["voucher_issued"] = std::move(list);
  }
  if (e.vouchers_used.size() == 1) {
    j["voucher_used"] = e.vouchers_used[0];
  } else if (!e.vouchers_used.empty()) {
    j["voucher_used"] = Json(e.vouchers_used);
  }
  if (e.referral) j["referral"] = referral_to_json(*e.referral);
  if (e.wallet_delta) j["wallet_delta"] = e.wallet_delta;
  return j;
}

Result<CardEffects> effects_from_json(const Json& j) {
  if (!j.is_object()) return Status::invalid("must be an object");
  CardEffects e;
  auto card = string_field(j, "card");
  if (!card) return card.status();
  e.card = *card;
  if (j.contains("spent_delta")) {
    auto v = integer_field(j, "spent_delta");
    if (!v) return v.status();
    e.spent_delta = *v;
  }
  if (j.contains("spent_day")) {
    auto v = date_field(j, "spent_day");
    if (!v) return v.status();
    e.spent_day = *v;
  }
  if (j.contains("wallet_delta")) {
    auto v = integer_field(j, "wallet_delta");
    if (!v) return v.status();
    e.wallet_delta = *v;
  }
  if (j.contains("purchases_delta")) {
    auto v = integer_field(j, "purchases_delta");
    if (!v) return v.status();
    e.purchases_delta = *v;
  }
  if (j.contains("visit_day")) {
    auto v = date_field(j, "visit_day");
    if (!v) return v.status();
    e.visit_day = *v;
  }
  if (j.contains("visit_day_removed")) {
    auto v = date_field(j, "visit_day_removed");
    if (!v) return v.status();
    e.visit_day_removed = *v;
  }
  // Lists are optional: an entry that draws nothing has no "draws".
  constexpr bool kOptional = true;
  if (Status s = array_field(j, "draws", e.draws, draw_from, kOptional); !s) return s;
  if (Status s = array_field(j, "new_lots", e.new_lots, new_lot_from, kOptional); !s) return s;
  if (Status s = array_field(j, "coupon_programs", e.coupon_programs, string_item, kOptional); !s)
    return s;
  if (Status s = array_field(j, "coupon_programs_returned", e.coupon_programs_returned, string_item,
                             kOptional);
      !s)
    return s;
  if (Status s = array_field(j, "visit_rewards", e.visit_rewards, visit_reward_from, kOptional); !s)
    return s;
  if (Status s =
          array_field(j, "birthday_grants", e.birthday_grants, birthday_grant_from, kOptional);
      !s)
    return s;
  if (j.contains("voucher_issued")) {
    const Json& v = j["voucher_issued"];
    if (v.is_object()) {
      auto voucher = voucher_from_json(v);
      if (!voucher)
        return Status::invalid("must have id, program, issued_day and last_day", "voucher_issued");
      e.vouchers_issued.push_back(*voucher);
    } else if (!v.is_array()) {
      return Status::invalid("must be an object or an array of them", "voucher_issued");
    } else if (Status s = array_field(j, "voucher_issued", e.vouchers_issued, voucher_from_json);
               !s) {
      return s;
    }
  }
  if (j.contains("voucher_used")) {
    const Json& v = j["voucher_used"];
    if (v.is_string()) {
      e.vouchers_used.push_back(v.get<std::string>());
    } else if (!v.is_array()) {
      return Status::invalid("must be a string or an array of them", "voucher_used");
    } else if (Status s = array_field(j, "voucher_used", e.vouchers_used, string_item); !s) {
      return s;
    }
  }
  if (j.contains("referral")) {
    auto r = referral_from_json(j["referral"]);
    if (!r) return r.status().under("referral");
    e.referral = std::move(*r);
  }
  return e;
}

}  // namespace kopilka::core
