// The steps of calculate() (programs.md "Computing one receipt", steps 1–5, then the
// effects of confirming and the answer) and of refund() ("Refunds and cancellation"), each
// its own function so that each is tested on its own (tests/unit/core/engine_steps_test.cc,
// engine_refund_steps_test.cc). Internal to core: the public face is engine.h.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/engine.h"
#include "core/engine_coupons.h"
#include "core/engine_fixed.h"
#include "core/engine_rules.h"
#include "core/sale_record.h"

namespace kopilka::core {

// The entry id under which a calculation previews the card after the receipt, which it does
// not journal: nothing is written under it.
inline constexpr const char* kPreviewEntry = "preview";
// The entry id of time effects due at the receipt's time (a birthday gift) and not yet
// journalled, shown under an id of their own: under the receipt's, the receipt's first
// accrued lot would be the same lot id and dropped as applied already.
inline constexpr const char* kPreviewDueEntry = "preview-due";

// One receipt line as the steps change it.
struct LineState {
  Kopecks before = 0;
  Kopecks discount = 0;
  Kopecks points = 0;
  Kopecks wallet = 0;     // of amount(), paid from the card's wallet
  bool eligible = false;  // not in a no-loyalty category
  Kopecks after_discount() const { return before - discount; }
  Kopecks amount() const { return before - discount - points; }
};

// --- Step 1: context at `at` -------------------------------------------------------------

Loyalty loyalty_of(const ReceiptRequest& req, const CardState* card);
// The context of the calculation. When loyalty applies, `card` becomes the card with the
// time effects due at `at` (birthday grants) applied as a preview, and ctx.card points at it.
RuleContext receipt_context(const ReceiptRequest& req, const CardState* card_in, Loyalty loyalty,
                            const ProgramSet& programs, const Settings& settings, CardState& card);
// The lines before any discount.
std::vector<LineState> initial_lines(const ReceiptRequest& req, const Settings& settings);
Kopecks total_before(const std::vector<LineState>& lines);

// --- Step 2: percent discounts -------------------------------------------------------------

// A percent discount offered to this receipt by one program.
struct Offer {
  const Program* program;
  PercentBp percent;
  Kopecks total = 0;  // what it actually took, over all lines
};

// Every percent program that applies to this receipt, in calculation order.
std::vector<Offer> percent_offers(const ReceiptRequest& req, const ProgramSet& programs,
                                  const RuleContext& ctx, const std::vector<CouponCheck>& coupons,
                                  Kopecks total_before);
// Per line: the largest non-stacking offer (equal ones: the earlier in priority, then id),
// then each stacking one on what remains. A program's `max_discount` lowers its takes in
// proportion to what it would take from each line without the cap.
void apply_percent_discounts(const ReceiptRequest& req, std::vector<LineState>& lines,
                             std::vector<Offer>& offers, const Settings& settings);
// Lowers `takes` to `cap` in proportion (kopeck-exact, by line number); no cap when 0.
void cap_takes(std::vector<Kopecks>& takes, Kopecks cap, const std::vector<ReceiptLine>& lines);

// --- Step 3: bundles and fixed-amount discounts ------------------------------------------

// The bundles and fixed amounts (discounts and coupons) that apply, in calculation order.
std::vector<const Program*> step3_programs(const ProgramSet& programs, const RuleContext& ctx,
                                           const std::vector<CouponCheck>& coupons,
                                           Kopecks total_before);
// Bundles first (on the amounts after step 2, in priority order), then fixed amounts,
// narrowest first.
std::vector<FixedDiscount> apply_fixed_step(const ReceiptRequest& req,
                                            std::vector<LineState>& lines,
                                            const std::vector<const Program*>& step3,
                                            const RuleContext& ctx);

// --- Steps 2 and 3 together: exclusive programs ------------------------------------------

// A discount program that met its conditions but takes nothing off this receipt.
struct NotApplied {
  const Program* program;
  NotAppliedReason reason;
  const Program* by = nullptr;  // the exclusive program that shut it out
};

struct DiscountChoice {
  std::vector<LineState> lines;  // after steps 2 and 3
  std::vector<Offer> offers;
  std::vector<FixedDiscount> fixed;
  const Program* exclusive = nullptr;  // the exclusive program that won, if one did
  std::vector<NotApplied> not_applied;
};

// Runs steps 2 and 3. When exclusive programs apply, each is tried alone and the one that
// takes the most wins (ties: priority, then id) and is the receipt's only discount; the
// others that would have taken something are not applied.
DiscountChoice choose_discounts(const ReceiptRequest& req, const std::vector<LineState>& lines,
                                const std::vector<Offer>& offers,
                                const std::vector<const Program*>& step3, const RuleContext& ctx);
// A coupon that took nothing off, or was shut out by an exclusive program, is not used:
// the customer keeps it for another receipt.
void drop_unused_coupons(std::vector<CouponCheck>& coupons, const DiscountChoice& choice,
                         const ReceiptRequest& req, const Settings& settings);

// --- Step 4: points redemption -----------------------------------------------------------

struct Redemption {
  std::int64_t max = 0;
  std::int64_t points = 0;
  std::vector<LotDraw> draws;
  std::vector<PointLot> drawn;  // the lots as they were, remaining = points drawn
};

// How many points may be redeemed over `base` and the draws that take them.
Redemption plan_redemption(const CardState& card, const ProgramSet& programs, Kopecks base,
                           const RedeemRequest& request, const RuleContext& ctx);
// Plans redemption over the eligible lines after discounts and spreads the money paid with
// points over them (lines[i].points).
Redemption redeem_points(const ReceiptRequest& req, std::vector<LineState>& lines,
                         const CardState& card, const ProgramSet& programs, const RuleContext& ctx);

// --- After step 4: paying from the wallet ------------------------------------------------

struct WalletPayment {
  const CardState* card = nullptr;  // the card whose wallet pays; null: no wallet
  Kopecks available = 0;            // the most the wallet could pay on this receipt
  Kopecks paid = 0;
  bool limited_offline = false;  // the offline wallet limit lowered what was asked
};
// Pays what the request asks from `card`'s wallet (programs.md "wallet"): lowered to what
// is left to pay after points, to the balance (a negative balance pays nothing) and to
// counters.wallet_offline_left; spread over every line, no-loyalty lines too, in proportion
// to what is left on each (lines[i].wallet).
WalletPayment pay_from_wallet(const ReceiptRequest& req, std::vector<LineState>& lines,
                              const CardState* card, const Counters& counters);

// --- Step 5: accrual -----------------------------------------------------------------------

struct Accrual {
  const Program* program;
  std::int64_t points;
};
// Per bonus program, points on the money paid for its scope lines.
std::vector<Accrual> accrue_points(const ReceiptRequest& req, const std::vector<LineState>& lines,
                                   const CardState& card, const ProgramSet& programs,
                                   const RuleContext& ctx);
std::int64_t accrued_total(const std::vector<Accrual>& accruals);

// --- Confirming, and the answer ----------------------------------------------------------

// Everything the steps found, for the effects and the answer.
struct ReceiptSteps {
  Loyalty loyalty = Loyalty::kNoCard;
  RuleContext ctx;
  std::vector<LineState> lines;
  Kopecks total_before = 0;
  std::vector<CouponCheck> coupons;
  std::vector<Offer> offers;
  std::vector<FixedDiscount> fixed;
  const Program* exclusive = nullptr;
  std::vector<NotApplied> not_applied;
  Redemption redemption;
  std::vector<Accrual> accruals;
  const Program* referral = nullptr;  // the referral program this first purchase rewards
  WalletPayment wallet;
};

// What confirming the receipt does to the card, and what a refund will need.
CardEffects confirm_effects(const ReceiptRequest& req, const ReceiptSteps& steps,
                            const ProgramSet& programs, SaleRecord& sale);
// The pos-api.md calculate answer, as compact JSON text (keys sorted, as a tree's dump).
std::string calc_response(const ReceiptRequest& req, const ReceiptSteps& steps,
                          const CardEffects& fx, const Settings& settings);
// Steps 1-5 of calculate (engine.h). `card` receives the card as reckoned at request.at (birthday
// grants applied), which the steps' context points to.
ReceiptSteps receipt_steps(const ReceiptRequest& request, const CardState* card_in,
                           const ProgramSet& programs, const Counters& counters,
                           const Settings& settings, CardState& card);

// --- Refund steps --------------------------------------------------------------------------

// The quantities returned after this refund (all of them when the request names no lines);
// refuses a line the sale does not have or more than is left.
Result<RefundState> count_returned(const SaleRecord& sale, const RefundState& before,
                                   const RefundRequest& request);
// The cumulative money, points, wallet money and spent reversed once `after.returned_milli` is
// returned, never below what `before` had reversed.
void cumulative_reversal(const SaleRecord& sale, const RefundState& before, RefundState& after);
// Draws taking back `reverse_now` accrued points from the sale's own lots, in order, after
// the `already` points reversed before.
std::vector<LotDraw> reversal_draws(const SaleRecord& sale, const std::string& sale_entry_id,
                                    std::int64_t already, std::int64_t reverse_now);
// The redeemed points given back, latest-burning first, with their original dates, after
// the `already` points given back before.
std::vector<PointLot> returned_lots(const SaleRecord& sale, std::int64_t already,
                                    std::int64_t return_now);
// What the refund does to the card; `sale_day` is the sale's local day, where a level
// window counts the money returned.
CardEffects refund_effects(const SaleRecord& sale, const std::string& sale_entry_id,
                           const RefundState& before, const RefundState& after, Day sale_day);

}  // namespace kopilka::core
