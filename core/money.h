// Money as integer kopecks, overflow-checked arithmetic, and the Russian receipt
// formatting ("2 200,00 ₽"). Never floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kopilka::core {

using Kopecks = std::int64_t;

// Upper bounds of pos-api.md: beyond these an amount is "absurd" and rejected.
inline constexpr Kopecks kMaxPrice = 1'000'000'000'000;    // 10^12 kopecks
inline constexpr Kopecks kMaxAmount = 10'000'000'000'000;  // 10^13 kopecks

// Checked arithmetic: nullopt on overflow of int64.
std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b);

// round-half-up(a × b ÷ d) for non-negative a, b and positive d, exact through 128-bit
// intermediates; nullopt if the result does not fit int64.
std::optional<std::int64_t> mul_div_round_half_up(std::int64_t a, std::int64_t b, std::int64_t d);
// floor(a × b ÷ d) for non-negative a, b and positive d, exact; nullopt on overflow.
std::optional<std::int64_t> mul_div_floor(std::int64_t a, std::int64_t b, std::int64_t d);

// "2 200,00 ₽": thousands separated by a plain space (receipt printers render U+00A0
// badly), a comma before the kopecks, the rouble sign after.
std::string format_rub(Kopecks amount);
// "2200,00 ₽" without thousands separators, for inline message text.
std::string format_rub_plain(Kopecks amount);

}  // namespace kopilka::core
