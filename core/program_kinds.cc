// The fields of each program kind (programs.md "Kinds"): which are required, their limits
// and defaults.
#include <algorithm>
#include <cctype>

#include "core/level_window.h"
#include "core/name_search.h"
#include "core/program_fields.h"

namespace kopilka::core {

namespace {

// `units`: a bonus whose levels may give points_per_unit instead of percent (all levels alike).
Status parse_levels(const ProgramFields& f, Program& p, bool units = false) {
  const Json& v = f["levels"];
  if (!v.is_array() || v.empty() || v.size() > 100)
    return Status::invalid("must be a non-empty array of levels", "levels");
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string path = "levels[" + std::to_string(i) + "]";
    if (!v[i].is_object()) return Status::invalid("must be an object", path);
    ProgramFields l(v[i], path);
    if (Status s = units ? l.only({"from_spent", "percent", "points_per_unit"})
                         : l.only({"from_spent", "percent"});
        !s)
      return s;
    if (!l.has("from_spent")) return Status::invalid("is required", l.at("from_spent"));
    bool per_unit = l.has("points_per_unit");
    if (per_unit && l.has("percent"))
      return Status::invalid("give exactly one of percent and points_per_unit", l.at("percent"));
    if (!per_unit && !l.has("percent")) return Status::invalid("is required", l.at("percent"));
    if (i > 0 && per_unit != (p.levels.front().points_per_unit > 0))
      return Status::invalid("every level must give the same: percent or points_per_unit",
                             l.at(per_unit ? "points_per_unit" : "percent"));
    auto from = l.integer("from_spent", 0, kMaxAmount);
    if (!from) return from.status();
    Level level{*from, 0, 0};
    if (Status s = per_unit
                       ? assign(l.integer("points_per_unit", 1, kMaxPoints), level.points_per_unit)
                       : assign(l.percent("percent"), level.percent);
        !s)
      return s;
    if (!p.levels.empty() && *from <= p.levels.back().from_spent)
      return Status::invalid("levels must be in increasing from_spent order", l.at("from_spent"));
    p.levels.push_back(level);
  }
  return Status::ok();
}

// "level_window_days": the level is chosen by the last N days' spending (1..730).
Status parse_level_window(const ProgramFields& f, Program& p) {
  return f.optional_integer("level_window_days", 1, kMaxLevelWindowDays, p.level_window_days);
}

Result<PercentBp> reward_percent(const ProgramFields& f) {
  if (!f.has("reward")) return Status::invalid("is required", "reward");
  auto r = f.object("reward");
  if (!r) return r.status();
  if (Status s = r->only({"percent"}); !s) return s;
  if (!r->has("percent")) return Status::invalid("is required", "reward.percent");
  return r->percent("percent");
}

// Checked before reading: a required member is read only once it is known to be there.
Status require(const ProgramFields& f, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (!f.has(key)) return Status::invalid("is required for this kind", key);
  return Status::ok();
}

// buy N, get M (programs.md "bundle"); percent defaults to 100: the M units are free.
Status parse_bundle(const ProgramFields& f, Program& p) {
  if (Status s = require(f, {"buy", "get"}); !s) return s;
  p.percent = 10000;
  if (Status s = first_error({assign(f.integer("buy", 1, 10000), p.buy),
                              assign(f.integer("get", 1, 10000), p.get),
                              f.optional_percent("percent", p.percent)});
      !s)
    return s;
  if (!f.has("get_scope")) return Status::ok();
  p.has_get_scope = true;
  return parse_scope(f, "get_scope", p.get_categories, p.get_skus, p.get_exclude_categories);
}

// Points for both cards of a referral (programs.md "referral"); one of them may be 0, not both.
Status parse_referral(const ProgramFields& f, Program& p) {
  if (Status s = require(f, {"referrer_points", "referee_points"}); !s) return s;
  if (Status s =
          first_error({assign(f.integer("referrer_points", 0, kMaxPoints), p.referrer_points),
                       assign(f.integer("referee_points", 0, kMaxPoints), p.referee_points)});
      !s)
    return s;
  if (p.referrer_points == 0 && p.referee_points == 0)
    return Status::invalid("one of referrer_points and referee_points must be above 0",
                           "referrer_points");
  return Status::ok();
}

// Bonus on a wallet top-up (programs.md "wallet"): a percent of the top-up from min_topup
// (inclusive, default any), as money or, with "as": "points", as points.
Status parse_wallet_bonus(const ProgramFields& f, Program& p) {
  if (Status s = require(f, {"percent"}); !s) return s;
  if (Status s = first_error({assign(f.percent("percent"), p.percent),
                              f.optional_integer("min_topup", 0, kMaxAmount, p.min_topup)});
      !s)
    return s;
  if (!f.has("as")) return Status::ok();
  auto as = f.string("as");
  if (!as || (*as != "money" && *as != "points"))
    return Status::invalid("must be \"money\" or \"points\"", "as");
  p.bonus_as_points = *as == "points";
  return Status::ok();
}

}  // namespace

Status parse_kind(const ProgramFields& f, Program& p) {
  switch (p.kind) {
    case ProgramKind::kDiscount:
      if (f.has("percent") == f.has("amount"))
        return Status::invalid("give exactly one of percent and amount", "percent");
      return f.has("percent") ? assign(f.percent("percent"), p.percent)
                              : assign(f.integer("amount", 1, kMaxAmount), p.amount);
    case ProgramKind::kDiscountScale:
      if (Status s = require(f, {"levels"}); !s) return s;
      if (Status s = parse_levels(f, p); !s) return s;
      return parse_level_window(f, p);
    case ProgramKind::kBonus: {
      int given = f.has("percent") + f.has("levels") + f.has("points_per_unit");
      if (given != 1)
        return Status::invalid("give exactly one of percent, points_per_unit and levels",
                               f.has("percent") || given == 0 ? "percent" : "points_per_unit");
      Status s = f.has("percent") ? assign(f.percent("percent"), p.percent)
                 : f.has("points_per_unit")
                     ? assign(f.integer("points_per_unit", 1, kMaxPoints), p.points_per_unit)
                     : parse_levels(f, p, true);
      if (!s) return s;
      if (f.has("level_window_days") && !f.has("levels"))
        return Status::invalid("is for a bonus with levels", "level_window_days");
      if (Status s = parse_level_window(f, p); !s) return s;
      return f.optional_bool("first_purchase_only", p.first_purchase_only);
    }
    case ProgramKind::kBirthday:
      if (Status s = require(f, {"grant"}); !s) return s;
      return first_error({assign(f.integer("grant", 1, kMaxPoints), p.grant),
                          f.optional_integer("days_before", 0, 366, p.days_before)});
    case ProgramKind::kVisits:
      if (f.has("every") == (f.has("count") || f.has("within_days")))
        return Status::invalid("give either count with within_days, or every", "count");
      if (f.has("every")) {
        if (Status s = assign(f.integer("every", 1, 10000), p.every); !s) return s;
      } else {
        if (Status s = require(f, {"count", "within_days"}); !s) return s;
        if (Status s = first_error({assign(f.integer("count", 1, 10000), p.count),
                                    assign(f.integer("within_days", 1, kMaxDays), p.within_days)});
            !s)
          return s;
      }
      return assign(reward_percent(f), p.percent);
    case ProgramKind::kCoupon: {
      if (Status s = require(f, {"codes"}); !s) return s;
      if (f.has("percent") == f.has("amount"))
        return Status::invalid("give exactly one of percent and amount", "percent");
      auto codes = f.strings("codes");
      if (!codes) return codes.status();
      if (codes->empty()) return Status::invalid("must list at least one code", "codes");
      for (const auto& c : *codes) p.codes.push_back(coupon_code_key(c));
      return first_error({f.has("percent") ? assign(f.percent("percent"), p.percent)
                                           : assign(f.integer("amount", 1, kMaxAmount), p.amount),
                          f.optional_integer("uses_per_card", 1, kMaxPoints, p.uses_per_card),
                          f.optional_integer("uses_total", 1, kMaxPoints, p.uses_total),
                          f.optional_integer("min_total", 0, kMaxAmount, p.min_total)});
    }
    case ProgramKind::kThreshold:
      if (Status s = require(f, {"min_total", "percent"}); !s) return s;
      return first_error({assign(f.integer("min_total", 0, kMaxAmount), p.min_total),
                          assign(f.percent("percent"), p.percent)});
    case ProgramKind::kVolume: {
      if (Status s = require(f, {"min_qty", "percent"}); !s) return s;
      auto q = json_scaled(f["min_qty"], kQuantityPlaces);
      if (!q || *q <= 0 || *q > kMaxQuantityMilli)
        return Status::invalid("must be a quantity above 0 with at most 3 decimals", "min_qty");
      p.min_qty_milli = *q;
      return assign(f.percent("percent"), p.percent);
    }
    case ProgramKind::kNextPurchase:
      if (Status s = require(f, {"min_total", "valid_days"}); !s) return s;
      return first_error({assign(f.integer("min_total", 0, kMaxAmount), p.min_total),
                          assign(f.integer("valid_days", 1, kMaxDays), p.valid_days),
                          assign(reward_percent(f), p.percent)});
    case ProgramKind::kBundle:
      return parse_bundle(f, p);
    case ProgramKind::kReferral:
      return parse_referral(f, p);
    case ProgramKind::kWalletBonus:
      return parse_wallet_bonus(f, p);
  }
  return Status::ok();
}

}  // namespace kopilka::core
