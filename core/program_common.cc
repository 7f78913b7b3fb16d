// The fields every program kind shares (programs.md "Common fields"): enabled, priority,
// stack, valid, schedule, audience, scope, and the points block of kinds that grant points.
#include <algorithm>
#include <cstdio>

#include "core/program_fields.h"

namespace kopilka::core {

Status parse_common(const ProgramFields& f, Program& p) {
  if (Status s = first_error({f.optional_bool("enabled", p.enabled),
                              f.optional_integer("priority", -1'000'000, 1'000'000, p.priority),
                              f.optional_bool("stack", p.stack)});
      !s)
    return s;
  // v2 limits; the parse of the kinds that require min_total reads it again.
  if (Status s = first_error({f.optional_integer("min_total", 0, kMaxAmount, p.min_total),
                              f.optional_integer("max_discount", 1, kMaxAmount, p.max_discount),
                              f.optional_bool("exclusive", p.exclusive)});
      !s)
    return s;
  if (f.has("valid")) {
    auto v = f.object("valid");
    if (!v) return v.status();
    if (Status s = first_error({v->only({"from", "to"}),
                                v->optional_date_or_time("from", p.valid_from, p.valid_from_time),
                                v->optional_date_or_time("to", p.valid_to, p.valid_to_time)});
        !s)
      return s;
    // A date and a time compare only where the zone is known; the same kind compares here.
    if ((p.valid_from && p.valid_to && *p.valid_to < *p.valid_from) ||
        (p.valid_from_time && p.valid_to_time && *p.valid_to_time < *p.valid_from_time))
      return Status::invalid("ends before it starts", "valid.to");
  }
  if (f.has("schedule")) {
    auto s = f.object("schedule");
    if (!s) return s.status();
    if (Status e = s->only({"days", "hours"}); !e) return e;
    if (s->has("days")) {
      auto days = s->strings("days");
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
    if (s->has("hours")) {
      auto h = s->string("hours");
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
    auto a = f.object("audience");
    if (!a) return a.status();
    if (Status s = first_error({a->only({"groups", "exclude_groups", "anyone"}),
                                a->optional_bool("anyone", p.anyone)});
        !s)
      return s;
    if (a->has("groups") && p.anyone)
      return Status::invalid("cannot limit groups when anyone is true", "audience.groups");
    if (Status s = first_error({a->optional_strings("groups", p.groups),
                                a->optional_strings("exclude_groups", p.exclude_groups)});
        !s)
      return s;
  }
  if (f.has("scope")) {
    if (Status s =
            parse_scope(f, "scope", p.scope_categories, p.scope_skus, p.scope_exclude_categories);
        !s)
      return s;
  }
  return Status::ok();
}

Status parse_scope(const ProgramFields& f, const char* key, std::vector<std::string>& categories,
                   std::vector<std::string>& skus, std::vector<std::string>& exclude) {
  auto s = f.object(key);
  if (!s) return s.status();
  return first_error({s->only({"categories", "skus", "exclude_categories"}),
                      s->optional_strings("categories", categories),
                      s->optional_strings("skus", skus),
                      s->optional_strings("exclude_categories", exclude)});
}

Status parse_points(const ProgramFields& f, Program& p) {
  if (!f.has("points")) return Status::ok();
  auto pts = f.object("points");
  if (!pts) return pts.status();
  if (Status s = pts->only({"lifetime_days", "delay_days", "max_redeem_percent"}); !s) return s;
  p.has_points = true;
  if (Status s = first_error({pts->optional_integer("lifetime_days", 0, kMaxDays, p.lifetime_days),
                              pts->optional_integer("delay_days", 0, kMaxDays, p.delay_days),
                              pts->optional_percent("max_redeem_percent", p.max_redeem)});
      !s)
    return s;
  if (p.lifetime_days && *p.lifetime_days < p.delay_days)
    return Status::invalid("must not be shorter than delay_days", "points.lifetime_days");
  return Status::ok();
}

}  // namespace kopilka::core
