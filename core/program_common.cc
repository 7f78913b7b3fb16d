// The fields every program kind shares (programs.md "Common fields"): enabled, priority,
// stack, valid, schedule, audience, scope, and the points block of kinds that grant points.
#include <algorithm>
#include <cstdio>

#include "core/program_fields.h"

namespace kopilka::core {

Status parse_common(const ProgramFields& f, Program& p) {
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
    ProgramFields v(f["valid"], "valid");
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
    ProgramFields s(f["schedule"], "schedule");
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
    ProgramFields a(f["audience"], "audience");
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
    ProgramFields s(f["scope"], "scope");
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

Status parse_points(const ProgramFields& f, Program& p) {
  if (!f.has("points")) return Status::ok();
  if (!f["points"].is_object()) return Status::invalid("must be an object", "points");
  ProgramFields pts(f["points"], "points");
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

}  // namespace kopilka::core
