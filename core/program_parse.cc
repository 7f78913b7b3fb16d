// Program documents → Program, with every rule of programs.md checked and the bad field
// named by its JSON path; see program.h.
#include <algorithm>
#include <cctype>
#include <set>

#include "core/json_fields.h"
#include "core/program.h"

namespace kopilka::core {

const char* to_string(ProgramKind kind) {
  switch (kind) {
    case ProgramKind::kDiscount:
      return "discount";
    case ProgramKind::kDiscountScale:
      return "discount_scale";
    case ProgramKind::kBonus:
      return "bonus";
    case ProgramKind::kBirthday:
      return "birthday";
    case ProgramKind::kVisits:
      return "visits";
    case ProgramKind::kCoupon:
      return "coupon";
    case ProgramKind::kThreshold:
      return "threshold";
    case ProgramKind::kVolume:
      return "volume";
    case ProgramKind::kNextPurchase:
      return "next_purchase";
  }
  return "discount";
}

PercentBp Program::percent_for(Kopecks spent) const {
  if (levels.empty()) return percent;
  PercentBp p = 0;
  for (const Level& l : levels)
    if (spent >= l.from_spent) p = l.percent;
  return p;
}

namespace {

constexpr std::int64_t kMaxPoints = 1'000'000'000;
constexpr int kMaxDays = 36600;

// Reads the fields of one JSON object, naming each by its path.
class Fields {
 public:
  Fields(const Json& obj, std::string path) : obj_(obj), path_(std::move(path)) {}

  std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(const char* key) const { return obj_.contains(key); }
  const Json& operator[](const char* key) const { return obj_[key]; }

  Status only(const std::set<std::string>& allowed) const {
    for (auto it = obj_.begin(); it != obj_.end(); ++it) {
      if (!allowed.count(it.key()))
        return Status::invalid("is not a field of this program kind", at(it.key()));
    }
    return Status::ok();
  }
  Result<std::string> string(const char* key, std::size_t max = 256) const {
    auto s = string_field(obj_, key);
    if (!s) return s.status().under(path_);
    if (s->size() > max)
      return Status::invalid("is longer than " + std::to_string(max) + " characters", at(key));
    return s;
  }
  Result<bool> boolean(const char* key) const {
    auto v = bool_field(obj_, key);
    if (!v) return v.status().under(path_);
    return v;
  }
  Result<std::int64_t> integer(const char* key, std::int64_t lo, std::int64_t hi) const {
    auto v = integer_field(obj_, key);
    if (!v) return v.status().under(path_);
    if (*v < lo || *v > hi)
      return Status::invalid("must be from " + std::to_string(lo) + " to " + std::to_string(hi),
                             at(key));
    return *v;
  }
  Result<PercentBp> percent(const char* key, const std::string& path_override = {}) const {
    std::string where = path_override.empty() ? at(key) : path_override;
    auto v = json_scaled(obj_[key], kPercentPlaces);
    if (!v) {
      std::string m = v.status().message();
      if (m.find("decimal places") != std::string::npos) m = "may have at most two decimals (12.5)";
      return Status::invalid("a percent " + m, where);
    }
    if (*v <= 0 || *v > 10000) return Status::invalid("must be more than 0 and at most 100", where);
    return static_cast<PercentBp>(*v);
  }
  Result<std::vector<std::string>> strings(const char* key) const {
    const Json& v = obj_[key];
    if (!v.is_array()) return Status::invalid("must be an array of strings", at(key));
    if (v.size() > 1000) return Status::invalid("has more than 1000 items", at(key));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string() || v[i].get<std::string>().empty() ||
          v[i].get<std::string>().size() > 256)
        return Status::invalid("must be a non-empty string",
                               at(key) + "[" + std::to_string(i) + "]");
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }
  Result<Day> date(const char* key) const {
    auto d = date_field(obj_, key);
    if (!d) return d.status().under(path_);
    return d;
  }

 private:
  const Json& obj_;
  std::string path_;
};

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::optional<ProgramKind> kind_from(const std::string& s) {
  static const std::pair<const char*, ProgramKind> kinds[] = {
      {"discount", ProgramKind::kDiscount},
      {"discount_scale", ProgramKind::kDiscountScale},
      {"bonus", ProgramKind::kBonus},
      {"birthday", ProgramKind::kBirthday},
      {"visits", ProgramKind::kVisits},
      {"coupon", ProgramKind::kCoupon},
      {"threshold", ProgramKind::kThreshold},
      {"volume", ProgramKind::kVolume},
      {"next_purchase", ProgramKind::kNextPurchase}};
  for (const auto& [name, kind] : kinds)
    if (s == name) return kind;
  return std::nullopt;
}

std::set<std::string> kind_fields(ProgramKind kind) {
  switch (kind) {
    case ProgramKind::kDiscount:
      return {"percent", "amount"};
    case ProgramKind::kDiscountScale:
      return {"levels"};
    case ProgramKind::kBonus:
      return {"percent", "levels", "first_purchase_only", "points"};
    case ProgramKind::kBirthday:
      return {"grant", "days_before", "points"};
    case ProgramKind::kVisits:
      return {"count", "within_days", "every", "reward"};
    case ProgramKind::kCoupon:
      return {"codes", "percent", "uses_per_card", "uses_total", "min_total"};
    case ProgramKind::kThreshold:
      return {"min_total", "percent"};
    case ProgramKind::kVolume:
      return {"min_qty", "percent"};
    case ProgramKind::kNextPurchase:
      return {"min_total", "reward", "valid_days"};
  }
  return {};
}

Status parse_common(const Fields& f, Program& p) {
  if (f.has("enabled")) {
    auto v = f.boolean("enabled");
    if (!v) return v.status();
    p.enabled = *v;
  }
  if (f.has("priority")) {
    auto v = f.integer("priority", -1'000'000, 1'000'000);
    if (!v) return v.status();
    p.priority = static_cast<int>(*v);
  }
  if (f.has("stack")) {
    auto v = f.boolean("stack");
    if (!v) return v.status();
    p.stack = *v;
  }
  if (f.has("valid")) {
    if (!f["valid"].is_object()) return Status::invalid("must be an object", "valid");
    Fields v(f["valid"], "valid");
    if (Status s = v.only({"from", "to"}); !s) return s;
    if (v.has("from")) {
      auto d = v.date("from");
      if (!d) return d.status();
      p.valid_from = *d;
    }
    if (v.has("to")) {
      auto d = v.date("to");
      if (!d) return d.status();
      p.valid_to = *d;
    }
    if (p.valid_from && p.valid_to && *p.valid_to < *p.valid_from)
      return Status::invalid("ends before it starts", "valid.to");
  }
  if (f.has("schedule")) {
    if (!f["schedule"].is_object()) return Status::invalid("must be an object", "schedule");
    Fields s(f["schedule"], "schedule");
    if (Status e = s.only({"days", "hours"}); !e) return e;
    if (s.has("days")) {
      auto days = s.strings("days");
      if (!days) return days.status();
      static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
      p.days_mask = 0;
      for (std::size_t i = 0; i < days->size(); ++i) {
        auto it = std::find_if(std::begin(names), std::end(names),
                               [&](const char* n) { return (*days)[i] == n; });
        if (it == std::end(names))
          return Status::invalid("must be one of mon, tue, wed, thu, fri, sat, sun",
                                 "schedule.days[" + std::to_string(i) + "]");
        p.days_mask |= 1u << (it - std::begin(names));
      }
    }
    if (s.has("hours")) {
      auto h = s.string("hours");
      if (!h) return h.status();
      int h1, m1, h2, m2;
      char tail;
      if (h->size() != 11 ||
          std::sscanf(h->c_str(), "%2d:%2d-%2d:%2d%c", &h1, &m1, &h2, &m2, &tail) != 4 || h1 < 0 ||
          h1 > 24 || h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59 ||
          (h1 == 24 && m1 != 0) || (h2 == 24 && m2 != 0) || h1 * 60 + m1 == h2 * 60 + m2)
        return Status::invalid("must be \"HH:MM-HH:MM\", like \"10:00-12:00\"", "schedule.hours");
      p.hours_from = h1 * 60 + m1;
      p.hours_to = h2 * 60 + m2;
    }
  }
  if (f.has("audience")) {
    if (!f["audience"].is_object()) return Status::invalid("must be an object", "audience");
    Fields a(f["audience"], "audience");
    if (Status s = a.only({"groups", "exclude_groups", "anyone"}); !s) return s;
    if (a.has("anyone")) {
      auto v = a.boolean("anyone");
      if (!v) return v.status();
      p.anyone = *v;
    }
    if (a.has("groups")) {
      if (p.anyone)
        return Status::invalid("cannot limit groups when anyone is true", "audience.groups");
      auto g = a.strings("groups");
      if (!g) return g.status();
      p.groups = *g;
    }
    if (a.has("exclude_groups")) {
      auto g = a.strings("exclude_groups");
      if (!g) return g.status();
      p.exclude_groups = *g;
    }
  }
  if (f.has("scope")) {
    if (!f["scope"].is_object()) return Status::invalid("must be an object", "scope");
    Fields s(f["scope"], "scope");
    if (Status e = s.only({"categories", "skus", "exclude_categories"}); !e) return e;
    if (s.has("categories")) {
      auto v = s.strings("categories");
      if (!v) return v.status();
      p.scope_categories = *v;
    }
    if (s.has("skus")) {
      auto v = s.strings("skus");
      if (!v) return v.status();
      p.scope_skus = *v;
    }
    if (s.has("exclude_categories")) {
      auto v = s.strings("exclude_categories");
      if (!v) return v.status();
      p.scope_exclude_categories = *v;
    }
  }
  return Status::ok();
}

Status parse_points(const Fields& f, Program& p) {
  if (!f.has("points")) return Status::ok();
  if (!f["points"].is_object()) return Status::invalid("must be an object", "points");
  Fields pts(f["points"], "points");
  if (Status s = pts.only({"lifetime_days", "delay_days", "max_redeem_percent"}); !s) return s;
  p.has_points = true;
  if (pts.has("lifetime_days")) {
    auto v = pts.integer("lifetime_days", 0, kMaxDays);
    if (!v) return v.status();
    p.lifetime_days = static_cast<int>(*v);
  }
  if (pts.has("delay_days")) {
    auto v = pts.integer("delay_days", 0, kMaxDays);
    if (!v) return v.status();
    p.delay_days = static_cast<int>(*v);
  }
  if (pts.has("max_redeem_percent")) {
    auto v = pts.percent("max_redeem_percent");
    if (!v) return v.status();
    p.max_redeem = *v;
  }
  if (p.lifetime_days && *p.lifetime_days < p.delay_days)
    return Status::invalid("must not be shorter than delay_days", "points.lifetime_days");
  return Status::ok();
}

Status parse_levels(const Fields& f, Program& p) {
  const Json& v = f["levels"];
  if (!v.is_array() || v.empty() || v.size() > 100)
    return Status::invalid("must be a non-empty array of levels", "levels");
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string path = "levels[" + std::to_string(i) + "]";
    if (!v[i].is_object()) return Status::invalid("must be an object", path);
    Fields l(v[i], path);
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

Result<PercentBp> reward_percent(const Fields& f) {
  if (!f.has("reward")) return Status::invalid("is required", "reward");
  if (!f["reward"].is_object()) return Status::invalid("must be an object", "reward");
  Fields r(f["reward"], "reward");
  if (Status s = r.only({"percent"}); !s) return s;
  if (!r.has("percent")) return Status::invalid("is required", "reward.percent");
  return r.percent("percent");
}

Status require(const Fields& f, const char* key) {
  return f.has(key) ? Status::ok() : Status::invalid("is required for this kind", key);
}

Status parse_kind(const Fields& f, Program& p) {
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

}  // namespace

Result<Program> parse_program(const Json& doc) {
  if (!doc.is_object()) return Status::invalid("a program must be a JSON object");
  Fields f(doc, "");
  Program p;
  if (!f.has("id")) return Status::invalid("is required", "id");
  auto id = f.string("id", 64);
  if (!id || !valid_id(*id)) return Status::invalid("must be 1 to 64 of a-z, 0-9, - and _", "id");
  p.id = *id;
  if (!f.has("name")) return Status::invalid("is required", "name");
  auto name = f.string("name");
  if (!name) return name.status();
  p.name = *name;
  if (!f.has("kind")) return Status::invalid("is required", "kind");
  auto kind_text = f.string("kind");
  if (!kind_text) return kind_text.status();
  auto kind = kind_from(*kind_text);
  if (!kind)
    return Status::invalid("unknown kind \"" + *kind_text +
                               "\"; one of discount, discount_scale, bonus, birthday, visits, "
                               "coupon, threshold, volume, next_purchase",
                           "kind");
  p.kind = *kind;

  std::set<std::string> allowed = {"id",       "name",     "kind",  "enabled",  "valid",
                                   "schedule", "audience", "scope", "priority", "stack"};
  for (const auto& k : kind_fields(p.kind)) allowed.insert(k);
  if (Status s = f.only(allowed); !s) return s;
  if (Status s = parse_common(f, p); !s) return s;
  if (p.grants_points()) {
    if (Status s = parse_points(f, p); !s) return s;
  }
  if (Status s = parse_kind(f, p); !s) return s;
  return p;
}

}  // namespace kopilka::core
