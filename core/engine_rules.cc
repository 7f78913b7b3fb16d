// Applicability rules; see engine_rules.h.
#include "core/engine_rules.h"

#include <algorithm>
#include <limits>

#include "core/name_search.h"

namespace kopilka::core {

namespace {
bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}
bool any_common(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& x) { return contains(b, x); });
}
// Categories are matched regardless of case, in Cyrillic as in Latin: a price list that
// writes «Tobacco» or «ТАБАК» must not let a discount past no_loyalty_categories.
bool contains_category(const std::vector<std::string>& v, const std::string& category) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& x) {
    return x == category || same_folded(x, category);
  });
}
}  // namespace

RuleContext rule_context(Instant at, const Settings& settings, const CardState* card) {
  RuleContext ctx;
  ctx.at = at;
  ctx.today = local_day(at, settings.zone);
  ctx.minute = local_minute_of_day(at, settings.zone);
  ctx.card = card;
  ctx.settings = &settings;
  return ctx;
}

Day program_day(const Program& p, const RuleContext& ctx) {
  // "fri 22:00-02:00" is Friday night: its hours after midnight belong to the day the
  // evening began, as a shop owner means it, not to Saturday's own evening. `valid` reads
  // the same day, so a night valid on 31 December runs to 02:00 on the 1st.
  if (p.hours_from && *p.hours_from > *p.hours_to && ctx.minute < *p.hours_to) return ctx.today - 1;
  return ctx.today;
}

bool within_valid(const Program& p, const RuleContext& ctx) {
  const Day day = program_day(p, ctx);
  if (p.valid_from && day < *p.valid_from) return false;
  if (p.valid_to && day > *p.valid_to) return false;
  if (p.valid_from_time && ctx.at < *p.valid_from_time) return false;
  if (p.valid_to_time && ctx.at > *p.valid_to_time) return false;
  return true;
}

bool program_active(const Program& p, const RuleContext& ctx) {
  if (!p.enabled) return false;
  if (!within_valid(p, ctx)) return false;
  const Day day = program_day(p, ctx);
  if (p.hours_from) {
    int from = *p.hours_from, to = *p.hours_to;
    bool inside = from < to ? (ctx.minute >= from && ctx.minute < to)
                            : (ctx.minute >= from || ctx.minute < to);  // across midnight
    if (!inside) return false;
  }
  if (!(p.days_mask & (1u << weekday(day)))) return false;
  if (ctx.card && any_common(ctx.card->groups, p.exclude_groups)) return false;
  if (p.anyone) return true;
  if (!ctx.card) return false;
  return p.groups.empty() || any_common(ctx.card->groups, p.groups);
}

bool no_loyalty(const ReceiptLine& line, const Settings& settings) {
  return contains_category(settings.no_loyalty_categories, line.category);
}

namespace {
bool in_lists(const std::vector<std::string>& categories, const std::vector<std::string>& skus,
              const std::vector<std::string>& exclude, const ReceiptLine& line) {
  if (contains_category(exclude, line.category)) return false;
  if (categories.empty() && skus.empty()) return true;
  return contains_category(categories, line.category) || contains(skus, line.sku);
}
}  // namespace

bool line_in_scope(const Program& p, const ReceiptLine& line, const Settings& settings) {
  if (no_loyalty(line, settings)) return false;
  return in_lists(p.scope_categories, p.scope_skus, p.scope_exclude_categories, line);
}

bool line_in_get_scope(const Program& p, const ReceiptLine& line, const Settings& settings) {
  if (!p.has_get_scope) return line_in_scope(p, line, settings);
  if (no_loyalty(line, settings)) return false;
  return in_lists(p.get_categories, p.get_skus, p.get_exclude_categories, line);
}

bool meets_min_total(const Program& p, Kopecks total_before) {
  return p.kind == ProgramKind::kNextPurchase || total_before >= p.min_total;
}

std::int64_t whole_units(const ReceiptLine& line) {
  return line.qty.milli / 1000;
}

bool visits_reward_due(const Program& p, const CardState& card, Day today) {
  if (std::binary_search(card.visit_days.begin(), card.visit_days.end(), today)) return false;
  Day after = std::numeric_limits<Day>::min();
  if (auto it = card.visit_rewarded_on.find(p.id); it != card.visit_rewarded_on.end())
    after = it->second;
  std::int64_t visits = 1;  // this receipt's day
  for (Day d : card.visit_days) {
    if (d <= after || d > today) continue;
    if (p.every == 0 && d <= today - p.within_days) continue;
    ++visits;
  }
  return visits >= (p.every ? p.every : p.count);
}

const Voucher* usable_voucher(const Program& p, const CardState& card, Day today) {
  const Voucher* best = nullptr;
  for (const auto& v : card.vouchers) {
    if (v.program != p.id || v.issued_day >= today || v.last_day < today) continue;
    if (!best || v.last_day < best->last_day || (v.last_day == best->last_day && v.id < best->id))
      best = &v;
  }
  return best;
}

Json percent_json(PercentBp bp) {
  if (bp % 100 == 0) return Json(bp / 100);
  return Json::parse(format_scaled_decimal(bp, kPercentPlaces));
}

}  // namespace kopilka::core
