// calculate(): one receipt, in exactly the order of programs.md "Computing one receipt".
// Steps 1–3 are here; step 4 and 5 in engine_points.cc, the effects of confirming and the
// answer in engine_answer.cc. The steps are declared in engine_steps.h.
#include <algorithm>

#include "core/engine_steps.h"
#include "core/program.h"

namespace kopilka::core {

namespace {

constexpr const char* kPreviewEntry = "preview";

Kopecks percent_of(Kopecks amount, PercentBp bp) {
  return *mul_div_round_half_up(amount, bp, 10000);
}

}  // namespace

Loyalty loyalty_of(const ReceiptRequest& req, const CardState* card) {
  if (!req.card || req.card->empty()) return Loyalty::kNoCard;
  if (!card) return Loyalty::kCardNotFound;
  if (card->status == CardStatus::kBlocked) return Loyalty::kCardBlocked;
  if (card->status == CardStatus::kLost) return Loyalty::kCardLost;
  return Loyalty::kApplied;
}

RuleContext receipt_context(const ReceiptRequest& req, const CardState* card_in, Loyalty loyalty,
                            const ProgramSet& programs, const Settings& settings, CardState& card) {
  RuleContext ctx;
  ctx.settings = &settings;
  ctx.today = local_day(req.at, settings.zone);
  ctx.minute = local_minute_of_day(req.at, settings.zone);
  if (loyalty == Loyalty::kApplied) {
    card = *card_in;
    CardEffects due = due_time_effects(card, programs, req.at, settings);
    // A preview: a grant that cannot be counted leaves the card as it is here, and is
    // refused when journalled.
    if (!due.empty()) (void)apply_effects(card, due, kPreviewEntry, ctx.today);
    ctx.card = &card;
  }
  return ctx;
}

std::vector<LineState> initial_lines(const ReceiptRequest& req, const Settings& settings) {
  std::vector<LineState> lines(req.lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i].before = req.lines[i].amount_before;
    lines[i].eligible = !no_loyalty(req.lines[i], settings);
  }
  return lines;
}

Kopecks total_before(const std::vector<LineState>& lines) {
  Kopecks total = 0;
  for (const auto& l : lines) total += l.before;
  return total;
}

std::vector<Offer> percent_offers(const ReceiptRequest& req, const ProgramSet& programs,
                                  const RuleContext& ctx, const std::vector<CouponCheck>& coupons,
                                  Kopecks total_before) {
  std::vector<Offer> offers;
  for (const auto& ptr : programs.programs()) {
    const Program& p = *ptr;
    if (!program_active(p, ctx)) continue;
    PercentBp pct = 0;
    switch (p.kind) {
      case ProgramKind::kDiscount:
        pct = p.percent;
        break;
      case ProgramKind::kDiscountScale:
        if (ctx.card) pct = p.percent_for(ctx.card->spent);
        break;
      case ProgramKind::kCoupon:
        if (std::any_of(coupons.begin(), coupons.end(), [&](const CouponCheck& c) {
              return c.program == &p && c.verdict == CouponVerdict::kApplied;
            }))
          pct = p.percent;
        break;
      case ProgramKind::kThreshold:
        if (total_before >= p.min_total) pct = p.percent;
        break;
      case ProgramKind::kVolume: {
        std::int64_t qty = 0;
        for (const auto& l : req.lines)
          if (line_in_scope(p, l, *ctx.settings)) qty += l.qty.milli;
        if (qty >= p.min_qty_milli) pct = p.percent;
        break;
      }
      case ProgramKind::kVisits:
        if (ctx.card && visits_reward_due(p, *ctx.card, ctx.today)) pct = p.percent;
        break;
      case ProgramKind::kNextPurchase:
        if (ctx.card && usable_voucher(p, *ctx.card, ctx.today)) pct = p.percent;
        break;
      default:
        break;
    }
    if (pct > 0) offers.push_back({&p, pct});
  }
  return offers;
}

void apply_percent_discounts(const ReceiptRequest& req, std::vector<LineState>& lines,
                             std::vector<Offer>& offers, const Settings& settings) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].eligible) continue;
    Offer* best = nullptr;
    for (auto& o : offers) {
      if (o.program->stack || !line_in_scope(*o.program, req.lines[i], settings)) continue;
      if (!best || o.percent > best->percent) best = &o;  // ties: the earlier (priority) wins
    }
    if (best) {
      Kopecks d = std::min(percent_of(lines[i].before, best->percent), lines[i].before);
      lines[i].discount += d;
      best->total += d;
    }
    for (auto& o : offers) {
      if (!o.program->stack || !line_in_scope(*o.program, req.lines[i], settings)) continue;
      Kopecks rest = lines[i].after_discount();
      Kopecks d = std::min(percent_of(rest, o.percent), rest);
      lines[i].discount += d;
      o.total += d;
    }
  }
}

void drop_unused_coupons(std::vector<CouponCheck>& coupons, const std::vector<Offer>& offers) {
  // Beaten on every line by a larger non-stacking discount, or its lines already free.
  for (auto& c : coupons) {
    if (c.verdict != CouponVerdict::kApplied) continue;
    bool took = std::any_of(offers.begin(), offers.end(),
                            [&](const Offer& o) { return o.program == c.program && o.total > 0; });
    if (!took) c.verdict = CouponVerdict::kNotApplied;
  }
}

std::vector<FixedDiscount> apply_fixed_step(const ReceiptRequest& req,
                                            std::vector<LineState>& lines,
                                            const ProgramSet& programs, const RuleContext& ctx) {
  std::vector<Kopecks> left(lines.size()), taken(lines.size(), 0);
  for (std::size_t i = 0; i < lines.size(); ++i) left[i] = lines[i].after_discount();
  auto fixed = apply_fixed_discounts(req, left, taken, programs, ctx);
  for (std::size_t i = 0; i < lines.size(); ++i) lines[i].discount += taken[i];
  return fixed;
}

CalcOutcome calculate(const ReceiptRequest& req, const CardState* card_in,
                      const ProgramSet& programs, const Counters& counters,
                      const Settings& settings) {
  ReceiptSteps s;
  CardState card;
  s.loyalty = loyalty_of(req, card_in);
  s.ctx = receipt_context(req, card_in, s.loyalty, programs, settings, card);  // step 1
  s.lines = initial_lines(req, settings);
  s.total_before = total_before(s.lines);
  s.coupons = check_coupons(req, programs, s.ctx, counters, s.total_before);
  s.offers = percent_offers(req, programs, s.ctx, s.coupons, s.total_before);  // step 2
  apply_percent_discounts(req, s.lines, s.offers, settings);
  s.fixed = apply_fixed_step(req, s.lines, programs, s.ctx);  // step 3
  drop_unused_coupons(s.coupons, s.offers);
  if (s.ctx.card) {
    s.redemption = redeem_points(req, s.lines, card, programs, s.ctx);  // step 4
    s.accruals = accrue_points(req, s.lines, card, programs, s.ctx);    // step 5
  }

  CalcOutcome out;
  out.sale = std::make_shared<SaleRecord>();
  out.effects = confirm_effects(req, s, programs, *out.sale);
  out.response = calc_response(req, s, out.effects, settings);
  for (const auto& l : s.lines) out.total += l.amount();
  out.points_accrued = accrued_total(s.accruals);
  return out;
}

}  // namespace kopilka::core
