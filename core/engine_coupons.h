// Which coupon codes a receipt names and what each one's verdict is before discounts are
// computed (programs.md "coupon"). Internal to core.
#pragma once

#include <string>
#include <vector>

#include "core/engine_rules.h"
#include "core/messages.h"
#include "core/program.h"
#include "core/receipt.h"

namespace kopilka::core {

struct CouponCheck {
  std::string code;
  CouponVerdict verdict = CouponVerdict::kInvalid;
  const Program* program = nullptr;
  // kNotApplied: why, and the exclusive program that shut it out (kExclusive).
  NotAppliedReason reason = NotAppliedReason::kBeaten;
  const Program* by = nullptr;
};

// What the cashier and the customer are told of a coupon: its verdict, and for one not
// applied, why (shut out by `by`, beaten, or none of its items on the receipt).
std::string coupon_message(const CouponCheck& c, Locale locale);

// One check per code the receipt lists, in its order. kApplied here means "may apply":
// calculate() lowers it to kNotApplied when the coupon then takes nothing off.
std::vector<CouponCheck> check_coupons(const ReceiptRequest& req, const ProgramSet& programs,
                                       const RuleContext& ctx, const Counters& counters,
                                       Kopecks total_before);

}  // namespace kopilka::core
