// A receipt as the POS sends it (calculate/confirm) and a refund request, already
// validated: quantities exact, amounts bounded, times parsed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/money.h"
#include "core/time.h"

namespace kopilka::core {

inline constexpr std::size_t kMaxLines = 1000;
inline constexpr std::size_t kMaxStringLength = 256;

struct ReceiptLine {
  std::int32_t line = 0;  // the POS's line number, unique within the receipt
  std::string sku;
  std::string name;
  std::string category;
  Quantity qty;
  Kopecks price = 0;
  Kopecks amount_before = 0;  // round-half-up(price × qty)
};

struct RedeemRequest {
  enum class Kind { kNone, kPoints, kMax } kind = Kind::kNone;
  std::int64_t points = 0;  // with kPoints
};

// `pay_from_wallet` (programs.md "wallet"): kopecks, or as much as the wallet can pay.
struct WalletRequest {
  enum class Kind { kNone, kAmount, kMax } kind = Kind::kNone;
  Kopecks amount = 0;  // with kAmount
};

struct ReceiptRequest {
  std::string receipt_id;
  Instant at = 0;
  std::optional<std::string> card;
  std::vector<std::string> coupons;
  RedeemRequest redeem;
  WalletRequest pay_from_wallet;
  std::vector<ReceiptLine> lines;
  // Present on confirm only: what the POS expects (pos-api.md `expect`).
  std::optional<Kopecks> expect_total;
  std::optional<std::int64_t> expect_points_accrued;
};

struct RefundLine {
  std::int32_t line = 0;
  Quantity qty;
};

struct RefundRequest {
  std::string refund_id;
  Instant at = 0;
  std::optional<std::vector<RefundLine>> lines;  // nullopt: everything that is left
};

}  // namespace kopilka::core
