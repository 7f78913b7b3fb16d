// Effects of time and of the admin: birthday grants due at `at`, and manual points
// adjustments.
#include <algorithm>

#include "core/card_points.h"
#include "core/engine_rules.h"
#include "core/program.h"

namespace kopilka::core {

namespace {

// This year's birthday as a day; 29 February becomes 28 February in other years.
Day birthday_in(int year, const CivilDate& birthday) {
  CivilDate d{year, birthday.month, birthday.day};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (d.month == 2 && d.day == 29 && !leap) d.day = 28;
  return day_from_civil(d);
}

}  // namespace

CardEffects due_time_effects(const CardState& card, const ProgramSet& programs, Instant at,
                             const Settings& settings) {
  CardEffects fx;
  if (card.status != CardStatus::kActive || !card.customer || !card.customer->birthday) return fx;
  const RuleContext ctx = rule_context(at, settings, &card);
  int this_year = civil_from_day(ctx.today).year;
  for (const auto& ptr : programs.programs()) {
    const Program& p = *ptr;
    if (p.kind != ProgramKind::kBirthday) continue;
    // The latest birthday year whose grant day has come (next year's, for a birthday
    // early in January with the grant in December; last year's, for a gift given on
    // 31 December that is still good on 2 January — only a gift that burns: one that never
    // burns is not given a year late).
    std::optional<int> due_year;
    Day grant_day = 0;
    for (int year : {this_year + 1, this_year, this_year - 1}) {
      if (year < this_year && !p.lifetime_days) break;
      Day g = birthday_in(year, *card.customer->birthday) - p.days_before;
      if (g <= ctx.today) {
        due_year = year;
        grant_day = g;
        break;
      }
    }
    if (!due_year) continue;
    auto granted = card.birthday_granted_year.find(p.id);
    if (granted != card.birthday_granted_year.end() && granted->second >= *due_year) continue;
    // The program must have been in force for the card on the grant day; a grant whose
    // points have already burned is not worth journalling.
    RuleContext on_grant = ctx;
    on_grant.today = grant_day;
    on_grant.minute = 12 * 60;
    Program whole_day = p;
    whole_day.hours_from.reset();
    whole_day.days_mask = 0x7f;
    if (!program_active(whole_day, on_grant)) continue;
    if (p.lifetime_days && grant_day + *p.lifetime_days < ctx.today) continue;
    fx.new_lots.push_back(new_lot(std::to_string(fx.new_lots.size()), p.id, grant_day, p.delay_days,
                                  p.lifetime_days, p.grant));
    fx.birthday_grants.emplace_back(p.id, *due_year);
  }
  if (!fx.new_lots.empty()) fx.card = card.number;
  return fx;
}

Status check_points_adjustable(const CardState& card) {
  if (card.type != CardType::kGift) return Status::ok();
  return Status::invalid(
      "card " + card.number + " is a gift card: it holds no points (its wallet is topped up)",
      "points");
}

CardEffects adjustment_effects(const CardState& card, std::int64_t points,
                               std::optional<int> lifetime_days, Instant at,
                               const Settings& settings) {
  CardEffects fx;
  fx.card = card.number;
  Day today = local_day(at, settings.zone);
  if (points > 0) {
    fx.new_lots.push_back(new_lot("0", "", today, 0, lifetime_days, points));
    return fx;
  }
  // Taking points: from live lots, soonest to burn first; what is not there becomes debt
  // (apply_effects turns a draw on no lot into debt).
  std::vector<const PointLot*> order;
  for (const auto& lot : card.lots)
    if (lot_alive(lot, today)) order.push_back(&lot);
  std::sort(order.begin(), order.end(),
            [](const PointLot* a, const PointLot* b) { return burns_sooner(*a, *b); });
  std::int64_t want = -points;
  for (const PointLot* lot : order) {
    if (want == 0) break;
    std::int64_t n = std::min(want, lot->remaining);
    fx.draws.push_back(draw_on(*lot, n));
    want -= n;
  }
  if (want > 0) fx.draws.push_back({"", want});
  return fx;
}

}  // namespace kopilka::core
