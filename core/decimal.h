// Exact decimals as scaled integers, parsed from text without floating point:
// quantities in milli-units (2.3 → 2300) and percents in hundredths (12.5 → 1250).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/money.h"
#include "core/status.h"

namespace kopilka::core {

// Parses "2", "2.3", "0.125", "-1.5", "1e2", "2.30E-1" into value × 10^places exactly.
// Rejects more significant decimals than `places`, magnitudes beyond int64, and anything
// that is not a plain decimal number. The message names the problem for a person.
Result<std::int64_t> parse_scaled_decimal(std::string_view text, int places);

// Formats a scaled decimal back to its shortest exact text: (2300, 3) → "2.3".
std::string format_scaled_decimal(std::int64_t value, int places);

// A quantity of goods: exact, up to 3 decimals (weight goods), in thousandths.
struct Quantity {
  std::int64_t milli = 0;
  friend bool operator==(Quantity, Quantity) = default;
  friend auto operator<=>(Quantity, Quantity) = default;
};

inline constexpr int kQuantityPlaces = 3;
inline constexpr std::int64_t kMaxQuantityMilli = 1'000'000'000;  // 10^6 units

Result<Quantity> parse_quantity(std::string_view text);

// A line's amount before discounts: round-half-up(price × qty), exact.
// 12345 × 2.3 = 28393.5 → 28394. Requires price ≥ 0 and qty ≥ 0.
std::optional<Kopecks> line_amount(Kopecks price, Quantity qty);

// Percent in hundredths of a percent: 12.5 % → 1250; 100 % → 10000.
using PercentBp = std::int32_t;
inline constexpr int kPercentPlaces = 2;

}  // namespace kopilka::core
