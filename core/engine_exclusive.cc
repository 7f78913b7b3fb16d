// Steps 2 and 3 together, and `exclusive` programs (programs.md "Additions, v2"): each
// exclusive program that applies is tried alone; the one that takes the most is then the
// receipt's only discount. See engine_steps.h.
#include <algorithm>

#include "core/engine_steps.h"
#include "core/program.h"

namespace kopilka::core {

namespace {

struct Run {
  std::vector<LineState> lines;
  std::vector<Offer> offers;
  std::vector<FixedDiscount> fixed;
  Kopecks total = 0;
};

// Steps 2 and 3 with only the programs `keep` admits.
template <typename Keep>
Run run_steps(const ReceiptRequest& req, const std::vector<LineState>& lines,
              const std::vector<Offer>& offers, const std::vector<const Program*>& step3,
              const RuleContext& ctx, Keep keep) {
  Run r;
  r.lines = lines;
  for (const auto& o : offers)
    if (keep(*o.program)) r.offers.push_back({o.program, o.percent});
  apply_percent_discounts(req, r.lines, r.offers, *ctx.settings);
  std::vector<const Program*> kept;
  for (const Program* p : step3)
    if (keep(*p)) kept.push_back(p);
  r.fixed = apply_fixed_step(req, r.lines, kept, ctx);
  for (const auto& l : r.lines) r.total += l.discount;
  return r;
}

// What program p took in a run.
Kopecks took(const std::vector<Offer>& offers, const std::vector<FixedDiscount>& fixed,
             const Program* p) {
  Kopecks t = 0;
  for (const auto& o : offers)
    if (o.program == p) t += o.total;
  for (const auto& f : fixed)
    if (f.program == p) t += f.total;
  return t;
}

bool listed(const std::vector<NotApplied>& list, const Program* p) {
  return std::any_of(list.begin(), list.end(), [&](const NotApplied& n) { return n.program == p; });
}

}  // namespace

DiscountChoice choose_discounts(const ReceiptRequest& req, const std::vector<LineState>& lines,
                                const std::vector<Offer>& offers,
                                const std::vector<const Program*>& step3, const RuleContext& ctx) {
  std::vector<const Program*> exclusives;
  for (const auto& o : offers)
    if (o.program->exclusive) exclusives.push_back(o.program);
  for (const Program* p : step3)
    if (p->exclusive) exclusives.push_back(p);
  std::stable_sort(exclusives.begin(), exclusives.end(), [](const Program* a, const Program* b) {
    if (a->priority != b->priority) return a->priority < b->priority;
    return a->id < b->id;
  });

  // Each alone; the first of equal totals is the earlier in priority, then id.
  const Program* winner = nullptr;
  Run best;
  std::vector<std::pair<const Program*, Kopecks>> alone;
  for (const Program* e : exclusives) {
    Run r = run_steps(req, lines, offers, step3, ctx, [&](const Program& p) { return &p == e; });
    alone.emplace_back(e, r.total);
    if (r.total > 0 && (!winner || r.total > best.total)) {
      winner = e;
      best = std::move(r);
    }
  }
  Run shared =
      run_steps(req, lines, offers, step3, ctx, [](const Program& p) { return !p.exclusive; });

  DiscountChoice c;
  if (winner) {
    c.exclusive = winner;
    // Those it shut out: every program that would have taken something without it.
    for (const auto& o : shared.offers)
      if (o.total > 0) c.not_applied.push_back({o.program, NotAppliedReason::kExclusive, winner});
    for (const auto& f : shared.fixed)
      c.not_applied.push_back({f.program, NotAppliedReason::kExclusive, winner});
    for (const auto& [e, total] : alone)
      if (e != winner && total > 0)
        c.not_applied.push_back({e, NotAppliedReason::kExclusive, winner});
    c.lines = std::move(best.lines);
    c.offers = std::move(best.offers);
    c.fixed = std::move(best.fixed);
  } else {
    c.lines = std::move(shared.lines);
    c.offers = std::move(shared.offers);
    c.fixed = std::move(shared.fixed);
  }
  // A visit reward or voucher that took nothing is kept for a later purchase; say why.
  for (const auto& o : offers) {
    const Program* p = o.program;
    if (p->kind != ProgramKind::kVisits && p->kind != ProgramKind::kNextPurchase) continue;
    if (took(c.offers, c.fixed, p) == 0 && !listed(c.not_applied, p))
      c.not_applied.push_back({p, NotAppliedReason::kBeaten, nullptr});
  }
  return c;
}

void drop_unused_coupons(std::vector<CouponCheck>& coupons, const DiscountChoice& choice,
                         const ReceiptRequest& req, const Settings& settings) {
  for (auto& c : coupons) {
    if (c.verdict != CouponVerdict::kApplied) continue;
    if (choice.exclusive && choice.exclusive != c.program) {
      c.verdict = CouponVerdict::kNotApplied;
      c.reason = NotAppliedReason::kExclusive;
      c.by = choice.exclusive;
    } else if (took(choice.offers, choice.fixed, c.program) == 0) {
      // Beaten on every line by a larger non-stacking discount, or its lines already free;
      // or it has no line here at all, which the customer is told as it is.
      c.verdict = CouponVerdict::kNotApplied;
      const bool any = std::any_of(req.lines.begin(), req.lines.end(), [&](const ReceiptLine& l) {
        return line_in_scope(*c.program, l, settings);
      });
      c.reason = any ? NotAppliedReason::kBeaten : NotAppliedReason::kNoItems;
    }
  }
}

}  // namespace kopilka::core
