// The fields of each program kind (programs.md "Kinds"): which are required, their limits
// and defaults.
#include <algorithm>
#include <cctype>

#include "core/program_fields.h"

namespace kopilka::core {

namespace {

Status parse_levels(const ProgramFields& f, Program& p) {
  const Json& v = f["levels"];
  if (!v.is_array() || v.empty() || v.size() > 100)
    return Status::invalid("must be a non-empty array of levels", "levels");
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string path = "levels[" + std::to_string(i) + "]";
    if (!v[i].is_object()) return Status::invalid("must be an object", path);
    ProgramFields l(v[i], path);
    if (Status s = l.only({"from_spent", "percent"}); !s) return s;
    if (!l.has("from_spent")) return Status::invalid("is required", l.at("from_spent"));
    if (!l.has("percent")) return Status::invalid("is required", l.at("percent"));
    auto from = l.integer("from_spent", 0, kMaxAmount);
    if (!from) return from.status();
    auto pct = l.percent("percent");
    if (!pct) return pct.status();
    if (!p.levels.empty() && *from <= p.levels.back().from_spent)
      return Status::invalid("levels must be in increasing from_spent order", l.at("from_spent"));
    p.levels.push_back({*from, *pct});
  }
  return Status::ok();
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
      return parse_levels(f, p);
    case ProgramKind::kBonus:
      if (f.has("percent") == f.has("levels"))
        return Status::invalid("give exactly one of percent and levels", "percent");
      if (Status s =
              f.has("percent") ? assign(f.percent("percent"), p.percent) : parse_levels(f, p);
          !s)
        return s;
      return f.optional_bool("first_purchase_only", p.first_purchase_only);
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
      if (Status s = require(f, {"codes", "percent"}); !s) return s;
      auto codes = f.strings("codes");
      if (!codes) return codes.status();
      if (codes->empty()) return Status::invalid("must list at least one code", "codes");
      for (auto& c : *codes) {
        std::transform(c.begin(), c.end(), c.begin(),
                       [](unsigned char ch) { return std::toupper(ch); });
        p.codes.push_back(c);
      }
      return first_error({assign(f.percent("percent"), p.percent),
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
  }
  return Status::ok();
}

}  // namespace kopilka::core
