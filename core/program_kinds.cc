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
  if (!f["reward"].is_object()) return Status::invalid("must be an object", "reward");
  ProgramFields r(f["reward"], "reward");
  if (Status s = r.only({"percent"}); !s) return s;
  if (!r.has("percent")) return Status::invalid("is required", "reward.percent");
  return r.percent("percent");
}

Status require(const ProgramFields& f, const char* key) {
  return f.has(key) ? Status::ok() : Status::invalid("is required for this kind", key);
}

}  // namespace

Status parse_kind(const ProgramFields& f, Program& p) {
  switch (p.kind) {
    case ProgramKind::kDiscount:
      if (f.has("percent") == f.has("amount"))
        return Status::invalid("give exactly one of percent and amount", "percent");
      if (f.has("percent")) {
        auto v = f.percent("percent");
        if (!v) return v.status();
        p.percent = *v;
      } else {
        auto v = f.integer("amount", 1, kMaxAmount);
        if (!v) return v.status();
        p.amount = *v;
      }
      return Status::ok();
    case ProgramKind::kDiscountScale:
      if (Status s = require(f, "levels"); !s) return s;
      return parse_levels(f, p);
    case ProgramKind::kBonus:
      if (f.has("percent") == f.has("levels"))
        return Status::invalid("give exactly one of percent and levels", "percent");
      if (f.has("percent")) {
        auto v = f.percent("percent");
        if (!v) return v.status();
        p.percent = *v;
      } else if (Status s = parse_levels(f, p); !s) {
        return s;
      }
      if (f.has("first_purchase_only")) {
        auto v = f.boolean("first_purchase_only");
        if (!v) return v.status();
        p.first_purchase_only = *v;
      }
      return Status::ok();
    case ProgramKind::kBirthday: {
      if (Status s = require(f, "grant"); !s) return s;
      auto g = f.integer("grant", 1, kMaxPoints);
      if (!g) return g.status();
      p.grant = *g;
      if (f.has("days_before")) {
        auto d = f.integer("days_before", 0, 366);
        if (!d) return d.status();
        p.days_before = static_cast<int>(*d);
      }
      return Status::ok();
    }
    case ProgramKind::kVisits: {
      if (f.has("every") == (f.has("count") || f.has("within_days")))
        return Status::invalid("give either count with within_days, or every", "count");
      if (f.has("every")) {
        auto e = f.integer("every", 1, 10000);
        if (!e) return e.status();
        p.every = static_cast<int>(*e);
      } else {
        if (Status s = require(f, "count"); !s) return s;
        if (Status s = require(f, "within_days"); !s) return s;
        auto c = f.integer("count", 1, 10000);
        if (!c) return c.status();
        auto w = f.integer("within_days", 1, kMaxDays);
        if (!w) return w.status();
        p.count = static_cast<int>(*c);
        p.within_days = static_cast<int>(*w);
      }
      auto r = reward_percent(f);
      if (!r) return r.status();
      p.percent = *r;
      return Status::ok();
    }
    case ProgramKind::kCoupon: {
      if (Status s = require(f, "codes"); !s) return s;
      if (Status s = require(f, "percent"); !s) return s;
      auto codes = f.strings("codes");
      if (!codes) return codes.status();
      if (codes->empty()) return Status::invalid("must list at least one code", "codes");
      for (auto& c : *codes) {
        std::transform(c.begin(), c.end(), c.begin(),
                       [](unsigned char ch) { return std::toupper(ch); });
        p.codes.push_back(c);
      }
      auto pct = f.percent("percent");
      if (!pct) return pct.status();
      p.percent = *pct;
      if (f.has("uses_per_card")) {
        auto v = f.integer("uses_per_card", 1, kMaxPoints);
        if (!v) return v.status();
        p.uses_per_card = *v;
      }
      if (f.has("uses_total")) {
        auto v = f.integer("uses_total", 1, kMaxPoints);
        if (!v) return v.status();
        p.uses_total = *v;
      }
      if (f.has("min_total")) {
        auto v = f.integer("min_total", 0, kMaxAmount);
        if (!v) return v.status();
        p.min_total = *v;
      }
      return Status::ok();
    }
    case ProgramKind::kThreshold: {
      if (Status s = require(f, "min_total"); !s) return s;
      if (Status s = require(f, "percent"); !s) return s;
      auto m = f.integer("min_total", 0, kMaxAmount);
      if (!m) return m.status();
      p.min_total = *m;
      auto pct = f.percent("percent");
      if (!pct) return pct.status();
      p.percent = *pct;
      return Status::ok();
    }
    case ProgramKind::kVolume: {
      if (Status s = require(f, "min_qty"); !s) return s;
      if (Status s = require(f, "percent"); !s) return s;
      auto q = json_scaled(f["min_qty"], kQuantityPlaces);
      if (!q || *q <= 0 || *q > kMaxQuantityMilli)
        return Status::invalid("must be a quantity above 0 with at most 3 decimals", "min_qty");
      p.min_qty_milli = *q;
      auto pct = f.percent("percent");
      if (!pct) return pct.status();
      p.percent = *pct;
      return Status::ok();
    }
    case ProgramKind::kNextPurchase: {
      if (Status s = require(f, "min_total"); !s) return s;
      if (Status s = require(f, "valid_days"); !s) return s;
      auto m = f.integer("min_total", 0, kMaxAmount);
      if (!m) return m.status();
      p.min_total = *m;
      auto d = f.integer("valid_days", 1, kMaxDays);
      if (!d) return d.status();
      p.valid_days = static_cast<int>(*d);
      auto r = reward_percent(f);
      if (!r) return r.status();
      p.percent = *r;
      return Status::ok();
    }
  }
  return Status::ok();
}

}  // namespace kopilka::core
