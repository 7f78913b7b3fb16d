// What a confirmed sale must remember so that any later refund reverses it exactly:
// each line's money, the points it accrued (by lot) and the lots it drew points from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/effects.h"
#include "core/engine.h"

namespace kopilka::core {

struct SaleLine {
  std::int32_t line = 0;
  std::int64_t qty_milli = 0;
  Kopecks amount_before = 0;
  Kopecks discount = 0;
  Kopecks paid_with_points = 0;
  Kopecks amount = 0;            // money paid
  Kopecks paid_from_wallet = 0;  // of `amount`, paid from the card's wallet
};

struct SaleRecord {
  std::string receipt_id;
  std::string card;  // empty: no loyalty on this sale
  Instant at = 0;
  std::vector<SaleLine> lines;
  std::int64_t points_accrued = 0;
  std::vector<std::int64_t> accrual_lots;  // points of the sale's new lots "<entry>/0", "/1"…
  // Those lots' program and dates, so that a refund finds their points once folded
  // (card_fold.h); empty in sales stored by older versions.
  std::vector<PointLot> accrued;
  std::vector<PointLot> redeemed;  // lots drawn, as they were (remaining = points drawn)
  std::int64_t points_redeemed = 0;
  std::vector<std::string> coupon_programs;
  bool counted_purchase = false;
  std::optional<ReferralEffects> referral;  // the referral reward the sale gave, if any
  // The card whose wallet paid (for a gift card `card` stays empty: no loyalty) and how much.
  std::string wallet_card;
  Kopecks paid_from_wallet = 0;
};

}  // namespace kopilka::core
