// Steps 4 and 5 of a receipt (programs.md "Computing one receipt"): points redemption,
// capped per program and spent soonest-to-burn first, and accrual on money paid.
#include <algorithm>
#include <map>
#include <optional>

#include "core/card_points.h"
#include "core/engine_steps.h"
#include "core/level_window.h"
#include "core/program.h"

namespace kopilka::core {

namespace {
// Points per unit × units is bounded so that a card's balance cannot overflow.
constexpr std::int64_t kMaxAccrual = 100'000'000'000;  // as 100 % of the largest receipt
}  // namespace

Redemption plan_redemption(const CardState& card, const ProgramSet& programs, Kopecks base,
                           const RedeemRequest& request, const RuleContext& ctx) {
  Redemption r;
  const std::int64_t pv = ctx.settings->point_value;
  std::map<std::string, std::int64_t> usable;  // program → usable points
  for (const auto& lot : card.lots)
    if (lot_usable(lot, ctx.today)) usable[lot.program] += lot.remaining;
  // Points of a program no longer known (deleted, or a register's own program that head
  // office's replaced at enrolment) keep a cap: the strictest of the point programs there
  // are. Uncapped, deleting a program of 10 % let its points pay the whole receipt.
  std::optional<PercentBp> strictest;
  for (const auto& p : programs.programs())
    if (p->has_points) strictest = std::min(strictest.value_or(p->max_redeem), p->max_redeem);
  std::map<std::string, std::int64_t> allowance;
  for (const auto& [program, pts] : usable) {
    PercentBp cap = 10000;  // manual points (admin adjustments): no cap, programs.md
    if (!program.empty()) {
      bool known = false;
      for (const auto& p : programs.programs())
        if (p->id == program) cap = p->has_points ? p->max_redeem : 10000, known = true;
      if (!known && strictest) cap = *strictest;
    }
    std::int64_t cap_points = *mul_div_floor(base, cap, 10000LL * pv);
    allowance[program] = std::min(pts, cap_points);
    r.max += allowance[program];
  }
  r.max = std::min(r.max, base / pv);
  // A card in debt pays with what its usable points come to once the debt is counted off
  // (the balance a look-up shows as usable), never with points it owes.
  if (card.debt > 0) {
    std::int64_t net = -card.debt;
    for (const auto& [program, pts] : usable) net += pts;
    r.max = std::clamp<std::int64_t>(net, 0, r.max);
  }
  std::int64_t want = request.kind == RedeemRequest::Kind::kMax ? r.max
                      : request.kind == RedeemRequest::Kind::kPoints
                          ? std::min(request.points, r.max)
                          : 0;
  if (want <= 0) return r;
  std::vector<const PointLot*> order;
  for (const auto& lot : card.lots)
    if (lot_usable(lot, ctx.today)) order.push_back(&lot);
  std::sort(order.begin(), order.end(),
            [](const PointLot* a, const PointLot* b) { return burns_sooner(*a, *b); });
  for (const PointLot* lot : order) {
    if (want == 0) break;
    std::int64_t n = std::min({want, lot->remaining, allowance[lot->program]});
    if (n <= 0) continue;
    allowance[lot->program] -= n;
    want -= n;
    r.points += n;
    r.draws.push_back(draw_on(*lot, n));
    PointLot drawn = *lot;
    drawn.remaining = n;
    r.drawn.push_back(std::move(drawn));
  }
  return r;
}

Redemption redeem_points(const ReceiptRequest& req, std::vector<LineState>& lines,
                         const CardState& card, const ProgramSet& programs,
                         const RuleContext& ctx) {
  Kopecks base = 0;
  std::vector<Kopecks> weights(lines.size(), 0);
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].eligible) base += weights[i] = lines[i].after_discount();
  Redemption r = plan_redemption(card, programs, base, req.redeem, ctx);
  if (r.points > 0) {
    auto parts = spread_by_line(r.points * ctx.settings->point_value, weights, req.lines);
    for (std::size_t i = 0; i < lines.size(); ++i) lines[i].points = parts[i];
  }
  return r;
}

std::vector<Accrual> accrue_points(const ReceiptRequest& req, const std::vector<LineState>& lines,
                                   const CardState& card, const ProgramSet& programs,
                                   const RuleContext& ctx) {
  std::vector<Accrual> accruals;
  const Settings& settings = *ctx.settings;
  for (const auto& ptr : programs.programs()) {
    const Program& p = *ptr;
    if (p.kind != ProgramKind::kBonus || !program_active(p, ctx)) continue;
    if (p.first_purchase_only && card.purchases > 0) continue;
    if (!meets_min_total(p, total_before(lines))) continue;
    std::int64_t pts = 0;
    if (p.by_units()) {
      // Whole units per line (2.5 counts 2), whatever was paid for them: units paid with
      // points count (programs.md), and so do units a discount made free, or a bundle's free
      // unit would earn on a line of three and not on a line of its own.
      std::int64_t per_unit = p.points_per_unit_for(level_spent(p, card, ctx.today)), units = 0;
      for (std::size_t i = 0; i < lines.size(); ++i)
        if (line_in_scope(p, req.lines[i], settings)) units += whole_units(req.lines[i]);
      pts = units > 0 && per_unit > kMaxAccrual / units ? kMaxAccrual : units * per_unit;
    } else {
      PercentBp pct = p.percent_for(level_spent(p, card, ctx.today));
      Kopecks paid = 0;
      for (std::size_t i = 0; i < lines.size(); ++i)
        if (line_in_scope(p, req.lines[i], settings)) paid += lines[i].amount();
      pts = *mul_div_floor(paid, pct, 10000LL * settings.point_value);
    }
    if (pts <= 0) continue;
    accruals.push_back({&p, pts});
  }
  return accruals;
}

std::int64_t accrued_total(const std::vector<Accrual>& accruals) {
  std::int64_t total = 0;
  for (const auto& a : accruals) total += a.points;
  return total;
}

}  // namespace kopilka::core
