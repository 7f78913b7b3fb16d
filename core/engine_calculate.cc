// calculate(): one receipt, in exactly the order of programs.md "Computing one receipt".
#include <algorithm>
#include <map>

#include "core/card_points.h"
#include "core/engine_coupons.h"
#include "core/engine_fixed.h"
#include "core/engine_rules.h"
#include "core/messages.h"
#include "core/program.h"
#include "core/sale_record.h"

namespace kopilka::core {

namespace {

constexpr const char* kPreviewEntry = "preview";

struct LineState {
  Kopecks before = 0;
  Kopecks discount = 0;
  Kopecks points = 0;
  bool eligible = false;  // not in a no-loyalty category
  Kopecks after_discount() const { return before - discount; }
  Kopecks amount() const { return before - discount - points; }
};

// A percent discount offered to this receipt by one program (step 2).
struct Offer {
  const Program* program;
  PercentBp percent;
  Kopecks total = 0;  // what it actually took, over all lines
};

// Step 2's offers: every percent program that applies to this receipt.
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

Kopecks percent_of(Kopecks amount, PercentBp bp) {
  return *mul_div_round_half_up(amount, bp, 10000);
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

// Step 4: how many points may be redeemed, and the draws that take them.
struct Redemption {
  std::int64_t max = 0;
  std::int64_t points = 0;
  std::vector<LotDraw> draws;
  std::vector<PointLot> drawn;  // the lots as they were, remaining = points drawn
};

Redemption plan_redemption(const CardState& card, const ProgramSet& programs, Kopecks base,
                           const RedeemRequest& request, const RuleContext& ctx) {
  Redemption r;
  const std::int64_t pv = ctx.settings->point_value;
  std::map<std::string, std::int64_t> usable;  // program → usable points
  for (const auto& lot : card.lots)
    if (lot_usable(lot, ctx.today)) usable[lot.program] += lot.remaining;
  std::map<std::string, std::int64_t> allowance;
  for (const auto& [program, pts] : usable) {
    PercentBp cap = 10000;  // manual points, and points of a program no longer known
    if (!program.empty()) {
      for (const auto& p : programs.programs())
        if (p->id == program && p->has_points) cap = p->max_redeem;
    }
    std::int64_t cap_points = *mul_div_floor(base, cap, 10000LL * pv);
    allowance[program] = std::min(pts, cap_points);
    r.max += allowance[program];
  }
  r.max = std::min(r.max, base / pv);
  if (card.debt > 0) r.max = 0;
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
    r.draws.push_back({lot->id, n});
    PointLot drawn = *lot;
    drawn.remaining = n;
    r.drawn.push_back(std::move(drawn));
  }
  return r;
}

Loyalty loyalty_of(const ReceiptRequest& req, const CardState* card) {
  if (!req.card || req.card->empty()) return Loyalty::kNoCard;
  if (!card) return Loyalty::kCardNotFound;
  if (card->status == CardStatus::kBlocked) return Loyalty::kCardBlocked;
  if (card->status == CardStatus::kLost) return Loyalty::kCardLost;
  return Loyalty::kApplied;
}

std::string discount_text(const Program& p, Kopecks amount, Locale locale) {
  return p.name + (locale == Locale::kEn ? ": discount " : ": скидка ") + format_rub(amount);
}

}  // namespace

CalcOutcome calculate(const ReceiptRequest& req, const CardState* card_in,
                      const ProgramSet& programs, const Counters& counters,
                      const Settings& settings) {
  CalcOutcome out;
  const Locale loc = settings.locale;
  const Loyalty loyalty = loyalty_of(req, card_in);

  // Step 1: context at `at`. Birthday grants due now count as if already journalled.
  RuleContext ctx;
  ctx.settings = &settings;
  ctx.today = local_day(req.at, settings.zone);
  ctx.minute = local_minute_of_day(req.at, settings.zone);
  CardState card;
  if (loyalty == Loyalty::kApplied) {
    card = *card_in;
    CardEffects due = due_time_effects(card, programs, req.at, settings);
    // A preview: a grant that cannot be counted leaves the card as it is here, and is
    // refused when journalled.
    if (!due.empty()) (void)apply_effects(card, due, kPreviewEntry, ctx.today);
    ctx.card = &card;
  }

  std::vector<LineState> lines(req.lines.size());
  Kopecks total_before = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i].before = req.lines[i].amount_before;
    lines[i].eligible = !no_loyalty(req.lines[i], settings);
    total_before += lines[i].before;
  }

  auto coupons = check_coupons(req, programs, ctx, counters, total_before);
  auto offers = percent_offers(req, programs, ctx, coupons, total_before);
  apply_percent_discounts(req, lines, offers, settings);  // step 2
  std::vector<FixedDiscount> fixed;                       // step 3
  {
    std::vector<Kopecks> left(lines.size()), taken(lines.size(), 0);
    for (std::size_t i = 0; i < lines.size(); ++i) left[i] = lines[i].after_discount();
    fixed = apply_fixed_discounts(req, left, taken, programs, ctx);
    for (std::size_t i = 0; i < lines.size(); ++i) lines[i].discount += taken[i];
  }
  // A coupon that took nothing off (beaten on every line by a larger non-stacking discount,
  // or its lines already free) is not used: the customer keeps it for another receipt.
  for (auto& c : coupons) {
    if (c.verdict != CouponVerdict::kApplied) continue;
    bool took = std::any_of(offers.begin(), offers.end(),
                            [&](const Offer& o) { return o.program == c.program && o.total > 0; });
    if (!took) c.verdict = CouponVerdict::kNotApplied;
  }

  // Step 4: redemption over the eligible lines after discounts.
  Redemption redemption;
  if (ctx.card) {
    Kopecks base = 0;
    std::vector<Kopecks> weights(lines.size(), 0);
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (lines[i].eligible) base += weights[i] = lines[i].after_discount();
    redemption = plan_redemption(card, programs, base, req.redeem, ctx);
    if (redemption.points > 0) {
      auto parts = spread_by_line(redemption.points * settings.point_value, weights, req.lines);
      for (std::size_t i = 0; i < lines.size(); ++i) lines[i].points = parts[i];
    }
  }

  // Step 5: accrual per bonus program on money paid.
  CardEffects& fx = out.effects;
  Json applied = Json::array();
  std::int64_t accrued = 0;
  std::vector<std::pair<const Program*, std::int64_t>> accruals;
  if (ctx.card) {
    for (const auto& ptr : programs.programs()) {
      const Program& p = *ptr;
      if (p.kind != ProgramKind::kBonus || !program_active(p, ctx)) continue;
      if (p.first_purchase_only && card.purchases > 0) continue;
      PercentBp pct = p.percent_for(card.spent);
      if (pct == 0) continue;
      Kopecks paid = 0;
      for (std::size_t i = 0; i < lines.size(); ++i)
        if (line_in_scope(p, req.lines[i], settings)) paid += lines[i].amount();
      std::int64_t pts = *mul_div_floor(paid, pct, 10000LL * settings.point_value);
      if (pts <= 0) continue;
      accruals.emplace_back(&p, pts);
      accrued += pts;
    }
  }

  // Effects of confirming.
  Kopecks total = 0, discount = 0, paid_points = 0;
  for (const auto& l : lines) {
    total += l.amount();
    discount += l.discount;
    paid_points += l.points;
  }
  auto sale = std::make_shared<SaleRecord>();
  sale->receipt_id = req.receipt_id;
  sale->at = req.at;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    sale->lines.push_back({req.lines[i].line, req.lines[i].qty.milli, lines[i].before,
                           lines[i].discount, lines[i].points, lines[i].amount()});
  }
  for (const auto& c : coupons) {
    if (c.verdict == CouponVerdict::kApplied) {
      fx.coupon_programs.push_back(c.program->id);
      sale->coupon_programs.push_back(c.program->id);
    }
  }
  if (ctx.card) {
    fx.card = card.number;
    sale->card = card.number;
    fx.spent_delta = total_before - discount;
    fx.purchases_delta = 1;
    sale->counted_purchase = true;
    if (!std::binary_search(card.visit_days.begin(), card.visit_days.end(), ctx.today))
      fx.visit_day = ctx.today;
    fx.draws = redemption.draws;
    sale->redeemed = redemption.drawn;
    sale->points_redeemed = redemption.points;
    for (const auto& [p, pts] : accruals) {
      fx.new_lots.push_back(new_lot(std::to_string(fx.new_lots.size()), p->id, ctx.today,
                                    p->delay_days, p->lifetime_days, pts));
    }
    sale->points_accrued = accrued;
    for (const auto& lot : fx.new_lots) sale->accrual_lots.push_back(lot.remaining);
    for (const auto& o : offers) {
      if (o.total <= 0) continue;
      if (o.program->kind == ProgramKind::kVisits)
        fx.visit_rewards.emplace_back(o.program->id, ctx.today);
      if (o.program->kind == ProgramKind::kNextPurchase && !fx.voucher_used)
        fx.voucher_used = usable_voucher(*o.program, card, ctx.today)->id;
    }
    for (const auto& ptr : programs.programs()) {
      const Program& p = *ptr;
      if (p.kind == ProgramKind::kNextPurchase && !fx.voucher_issued && program_active(p, ctx) &&
          total_before >= p.min_total) {
        fx.voucher_issued = Voucher{"v", p.id, ctx.today, ctx.today + p.valid_days};
      }
    }
  }

  // The answer.
  for (const auto& o : offers) {
    if (o.total <= 0) continue;
    applied.push_back({{"program", o.program->id},
                       {"kind", to_string(o.program->kind)},
                       {"percent", percent_json(o.percent)},
                       {"discount", o.total},
                       {"text", discount_text(*o.program, o.total, loc)}});
  }
  for (const auto& f : fixed) {
    applied.push_back({{"program", f.program->id},
                       {"kind", to_string(f.program->kind)},
                       {"discount", f.total},
                       {"text", discount_text(*f.program, f.total, loc)}});
  }
  for (const auto& [p, pts] : accruals) {
    applied.push_back({{"program", p->id},
                       {"kind", to_string(p->kind)},
                       {"percent", percent_json(p->percent_for(card.spent))},
                       {"points", pts},
                       {"text", p->name + ": " + points_text(pts, loc)}});
  }
  Json line_json = Json::array();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    line_json.push_back({{"line", req.lines[i].line},
                         {"amount_before", lines[i].before},
                         {"discount", lines[i].discount},
                         {"paid_with_points", lines[i].points},
                         {"amount", lines[i].amount()}});
  }
  Json coupon_json = Json::array();
  Json messages = Json::array();
  for (const auto& c : coupons) {
    std::string text = coupon_text(c.verdict, c.code, loc);
    coupon_json.push_back(
        {{"code", c.code}, {"status", coupon_status(c.verdict)}, {"message", text}});
    messages.push_back({{"to", "cashier"}, {"text", text}});
  }
  Json balance_after = nullptr;
  if (ctx.card) {
    CardState after = card;
    (void)apply_effects(after, fx, kPreviewEntry, ctx.today);  // refused at confirm if at all
    auto points = summarize_points(after, ctx.today);
    balance_after = points.balance;
    messages.push_back(
        {{"to", "receipt"},
         {"text", receipt_text(total, redemption.points, accrued, points.balance, loc)}});
    for (const auto& w : burn_warnings(points, ctx.today, settings.expiry_warning_days))
      messages.push_back({{"to", "customer"}, {"text", burning_text(w.points, w.days, loc)}});
  } else if (std::string why = loyalty_text(loyalty, loc); !why.empty()) {
    messages.push_back({{"to", "cashier"}, {"text", why}});
  }

  out.total = total;
  out.points_accrued = accrued;
  out.sale = sale;
  Json& r = out.response;
  r["receipt_id"] = req.receipt_id;
  r["card"] = req.card ? Json(*req.card) : Json(nullptr);
  r["loyalty"] = loyalty_code(loyalty);
  r["total_before"] = total_before;
  r["discount"] = discount;
  r["points_redeemed"] = redemption.points;
  r["paid_with_points"] = paid_points;
  r["total"] = total;
  r["points_accrued"] = accrued;
  r["points_balance_after"] = balance_after;
  r["lines"] = std::move(line_json);
  r["applied"] = std::move(applied);
  r["coupons"] = std::move(coupon_json);
  r["points_redeem_max"] = redemption.max;
  r["messages"] = std::move(messages);
  return out;
}

}  // namespace kopilka::core
