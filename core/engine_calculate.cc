// calculate(): one receipt, in exactly the order of programs.md "Computing one receipt".
// Steps 1–3 are here (exclusive programs in engine_exclusive.cc, bundles in
// engine_bundle.cc); step 4 and 5 in engine_points.cc, paying from the wallet between them
// in engine_wallet.cc, the effects of confirming and the answer in engine_answer.cc. The
// steps are declared in engine_steps.h.
#include <algorithm>

#include "core/engine_bundle.h"
#include "core/engine_steps.h"
#include "core/level_window.h"
#include "core/program.h"
#include "core/referral.h"

namespace kopilka::core {

namespace {

Kopecks percent_of(Kopecks amount, PercentBp bp) {
  return *mul_div_round_half_up(amount, bp, 10000);
}

bool coupon_applies(const Program& p, const std::vector<CouponCheck>& coupons) {
  return std::any_of(coupons.begin(), coupons.end(), [&](const CouponCheck& c) {
    return c.program == &p && c.verdict == CouponVerdict::kApplied;
  });
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
  RuleContext ctx = rule_context(req.at, settings);
  if (loyalty == Loyalty::kApplied) {
    card = *card_in;
    CardEffects due = due_time_effects(card, programs, req.at, settings);
    // A preview: a grant that cannot be counted leaves the card as it is here, and is
    // refused when journalled.
    if (!due.empty()) (void)apply_effects(card, due, kPreviewDueEntry, ctx.today);
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
    if (!program_active(p, ctx) || !meets_min_total(p, total_before)) continue;
    PercentBp pct = 0;
    switch (p.kind) {
      case ProgramKind::kDiscount:
        pct = p.percent;
        break;
      case ProgramKind::kDiscountScale:
        if (ctx.card) pct = p.percent_for(level_spent(p, *ctx.card, ctx.today));
        break;
      case ProgramKind::kCoupon:
        if (coupon_applies(p, coupons)) pct = p.percent;
        break;
      case ProgramKind::kThreshold:
        pct = p.percent;  // min_total, checked above, is the threshold
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

void cap_takes(std::vector<Kopecks>& takes, Kopecks cap, const std::vector<ReceiptLine>& lines) {
  Kopecks sum = 0;
  for (Kopecks t : takes) sum += t;
  if (cap > 0 && sum > cap) takes = spread_by_line(cap, takes, lines);
}

void apply_percent_discounts(const ReceiptRequest& req, std::vector<LineState>& lines,
                             std::vector<Offer>& offers, const Settings& settings) {
  // Per line the non-stacking winner; the first of equal percents is the earlier in
  // priority, then id, because offers come in that order.
  std::vector<const Offer*> winner(lines.size(), nullptr);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].eligible) continue;
    for (const auto& o : offers) {
      if (o.program->stack || !line_in_scope(*o.program, req.lines[i], settings)) continue;
      if (!winner[i] || o.percent > winner[i]->percent) winner[i] = &o;
    }
  }
  // Non-stacking programs first, on the line amounts; then each stacking one in priority
  // order on what remains. Per line this is the order of programs.md step 2.
  for (bool stacking : {false, true}) {
    for (auto& o : offers) {
      if (o.program->stack != stacking) continue;
      std::vector<Kopecks> takes(lines.size(), 0);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!lines[i].eligible) continue;
        if (stacking ? !line_in_scope(*o.program, req.lines[i], settings) : winner[i] != &o)
          continue;
        Kopecks rest = lines[i].after_discount();
        takes[i] = std::min(percent_of(rest, o.percent), rest);
      }
      cap_takes(takes, o.program->max_discount, req.lines);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        lines[i].discount += takes[i];
        o.total += takes[i];
      }
    }
  }
}

std::vector<const Program*> step3_programs(const ProgramSet& programs, const RuleContext& ctx,
                                           const std::vector<CouponCheck>& coupons,
                                           Kopecks total_before) {
  std::vector<const Program*> out;
  for (const auto& ptr : programs.programs()) {
    const Program& p = *ptr;
    bool fixed = (p.kind == ProgramKind::kDiscount && p.amount > 0) ||
                 (p.kind == ProgramKind::kCoupon && p.amount > 0 && coupon_applies(p, coupons));
    if (!fixed && p.kind != ProgramKind::kBundle) continue;
    if (program_active(p, ctx) && meets_min_total(p, total_before)) out.push_back(&p);
  }
  return out;
}

std::vector<FixedDiscount> apply_fixed_step(const ReceiptRequest& req,
                                            std::vector<LineState>& lines,
                                            const std::vector<const Program*>& step3,
                                            const RuleContext& ctx) {
  std::vector<Kopecks> after2(lines.size()), left(lines.size()), taken(lines.size(), 0);
  for (std::size_t i = 0; i < lines.size(); ++i) left[i] = after2[i] = lines[i].after_discount();
  std::vector<FixedDiscount> out;
  std::vector<const Program*> fixed;
  BundleUnitsUsed bundled(lines.size());
  for (const Program* p : step3) {
    if (p->kind != ProgramKind::kBundle) {
      fixed.push_back(p);
      continue;
    }
    BundleTake b = bundle_take(*p, req, after2, *ctx.settings, bundled);
    for (std::size_t i = 0; i < lines.size(); ++i) b.per_line[i] = std::min(b.per_line[i], left[i]);
    cap_takes(b.per_line, p->max_discount, req.lines);
    Kopecks total = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      left[i] -= b.per_line[i];
      taken[i] += b.per_line[i];
      total += b.per_line[i];
    }
    if (total > 0) out.push_back({p, total, b.units});
  }
  auto amounts = apply_fixed_discounts(req, after2, left, taken, fixed, ctx);
  out.insert(out.end(), amounts.begin(), amounts.end());
  for (std::size_t i = 0; i < lines.size(); ++i) lines[i].discount += taken[i];
  return out;
}

ReceiptSteps receipt_steps(const ReceiptRequest& req, const CardState* card_in,
                           const ProgramSet& programs, const Counters& counters,
                           const Settings& settings, CardState& card) {
  ReceiptSteps s;
  s.loyalty = loyalty_of(req, card_in);
  // A gift card is only a wallet: the receipt is calculated as one without a card (no card
  // programs, promotions for anyone still apply) and then pays from it.
  const bool gift = s.loyalty == Loyalty::kApplied && card_in->type == CardType::kGift;
  s.ctx = receipt_context(req, card_in, gift ? Loyalty::kNoCard : s.loyalty, programs, settings,
                          card);  // step 1
  s.lines = initial_lines(req, settings);
  s.total_before = total_before(s.lines);
  s.coupons = check_coupons(req, programs, s.ctx, counters, s.total_before);
  auto offers = percent_offers(req, programs, s.ctx, s.coupons, s.total_before);
  auto step3 = step3_programs(programs, s.ctx, s.coupons, s.total_before);
  DiscountChoice choice = choose_discounts(req, s.lines, offers, step3, s.ctx);  // steps 2, 3
  drop_unused_coupons(s.coupons, choice, req, settings);
  s.lines = std::move(choice.lines);
  s.offers = std::move(choice.offers);
  s.fixed = std::move(choice.fixed);
  s.exclusive = choice.exclusive;
  s.not_applied = std::move(choice.not_applied);
  if (s.ctx.card) {
    s.redemption = redeem_points(req, s.lines, card, programs, s.ctx);  // step 4
  }
  s.wallet = pay_from_wallet(req, s.lines, gift ? card_in : s.ctx.card, counters);
  if (s.ctx.card) {
    s.accruals = accrue_points(req, s.lines, card, programs, s.ctx);  // step 5
    s.referral = referral_program(programs, s.ctx, s.total_before);
  }
  return s;
}

CalcOutcome calculate(const ReceiptRequest& req, const CardState* card_in,
                      const ProgramSet& programs, const Counters& counters,
                      const Settings& settings) {
  CardState card;
  const ReceiptSteps s = receipt_steps(req, card_in, programs, counters, settings, card);
  CalcOutcome out;
  out.sale = std::make_shared<SaleRecord>();
  out.effects = confirm_effects(req, s, programs, *out.sale);
  out.response = calc_response(req, s, out.effects, settings);
  for (const auto& l : s.lines) out.total += l.amount();
  out.points_accrued = accrued_total(s.accruals);
  return out;
}

}  // namespace kopilka::core
