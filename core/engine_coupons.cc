// Coupon verdicts; see engine_coupons.h.
#include "core/engine_coupons.h"

#include <algorithm>

#include "core/name_search.h"

namespace kopilka::core {

std::vector<CouponCheck> check_coupons(const ReceiptRequest& req, const ProgramSet& programs,
                                       const RuleContext& ctx, const Counters& counters,
                                       Kopecks total_before) {
  std::vector<CouponCheck> out;
  std::vector<const Program*> used;
  for (const auto& raw : req.coupons) {
    CouponCheck c{raw, CouponVerdict::kInvalid, nullptr};
    std::string code = coupon_code_key(raw);
    for (const auto& p : programs.programs()) {
      if (p->kind != ProgramKind::kCoupon || !p->enabled) continue;
      if (std::find(p->codes.begin(), p->codes.end(), code) == p->codes.end()) continue;
      c.program = p.get();
      break;
    }
    if (c.program) {
      const Program& p = *c.program;
      auto total_uses = counters.coupon_uses_total.find(p.id);
      std::int64_t card_uses = 0;
      if (ctx.card) {
        auto it = ctx.card->coupon_uses.find(p.id);
        if (it != ctx.card->coupon_uses.end()) card_uses = it->second;
      }
      if (!within_valid(p, ctx)) {
        c.verdict = CouponVerdict::kExpired;
      } else if ((p.uses_total && total_uses != counters.coupon_uses_total.end() &&
                  total_uses->second >= p.uses_total) ||
                 (p.uses_per_card && card_uses >= p.uses_per_card)) {
        c.verdict = CouponVerdict::kUsedUp;
      } else if (std::find(used.begin(), used.end(), &p) != used.end()) {
        c.verdict = CouponVerdict::kRepeated;
      } else if (total_before < p.min_total || !program_active(p, ctx)) {
        c.verdict = CouponVerdict::kNotEligible;
      } else {
        c.verdict = CouponVerdict::kApplied;
        used.push_back(&p);
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::string coupon_message(const CouponCheck& c, Locale locale) {
  if (c.verdict == CouponVerdict::kNotApplied && c.reason == NotAppliedReason::kExclusive && c.by)
    return coupon_shut_out_text(c.code, c.by->name, locale);
  if (c.verdict == CouponVerdict::kNotApplied && c.reason == NotAppliedReason::kNoItems)
    return coupon_no_items_text(c.code, locale);
  return coupon_text(c.verdict, c.code, locale);
}

}  // namespace kopilka::core
