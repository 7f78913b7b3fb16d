// Money arithmetic and formatting; see money.h.
#include "core/money.h"

#include <cstdlib>
#include <limits>

namespace kopilka::core {

std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

namespace {
std::optional<std::int64_t> narrow(__int128 v) {
  if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min())
    return std::nullopt;
  return static_cast<std::int64_t>(v);
}
}  // namespace

std::optional<std::int64_t> mul_div_round_half_up(std::int64_t a, std::int64_t b, std::int64_t d) {
  if (a < 0 || b < 0 || d <= 0) return std::nullopt;
  __int128 p = static_cast<__int128>(a) * b;
  return narrow((p * 2 + d) / (static_cast<__int128>(d) * 2));
}

std::optional<std::int64_t> mul_div_floor(std::int64_t a, std::int64_t b, std::int64_t d) {
  if (a < 0 || b < 0 || d <= 0) return std::nullopt;
  return narrow(static_cast<__int128>(a) * b / d);
}

namespace {
std::string format(Kopecks amount, bool group) {
  // Work in unsigned 128-bit so that INT64_MIN formats without overflow.
  bool negative = amount < 0;
  unsigned __int128 v = negative ? static_cast<unsigned __int128>(-static_cast<__int128>(amount))
                                 : static_cast<unsigned __int128>(amount);
  unsigned kop = static_cast<unsigned>(v % 100);
  unsigned __int128 rub = v / 100;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(rub % 10)));
    rub /= 10;
  } while (rub != 0);
  std::string out = negative ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (group && i != 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  out += ',';
  out += static_cast<char>('0' + kop / 10);
  out += static_cast<char>('0' + kop % 10);
  out += " \u20bd";
  return out;
}
}  // namespace

std::string format_rub(Kopecks amount) {
  return format(amount, true);
}
std::string format_rub_plain(Kopecks amount) {
  return format(amount, false);
}

}  // namespace kopilka::core
