// Exact decimal parsing; see decimal.h. Digits are accumulated as integers, and an
// exponent only shifts the decimal point, so no value ever passes through a double.
#include "core/decimal.h"

#include <limits>

namespace kopilka::core {

namespace {
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
}  // namespace

Result<std::int64_t> parse_scaled_decimal(std::string_view text, int places) {
  const Status bad = Status::invalid("is not a number");
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  // Collect significant digits and where the decimal point sits among them.
  std::string digits;
  int frac_digits = 0;
  bool seen_point = false, seen_digit = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (is_digit(c)) {
      seen_digit = true;
      digits += c;
      if (seen_point) ++frac_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return bad;
  long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i >= text.size() || !is_digit(text[i])) return bad;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > 1000) return Status::invalid("is out of range");
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return bad;

  // value = digits × 10^(exponent − frac_digits); we want value × 10^places.
  long shift = exponent - frac_digits + places;
  // Trailing zeros removed by a negative shift are exact; a non-zero digit is not.
  while (shift < 0) {
    if (digits.empty()) break;
    if (digits.back() != '0') {
      return Status::invalid("has more than " + std::to_string(places) + " decimal places");
    }
    digits.pop_back();
    ++shift;
  }
  if (shift < 0) shift = 0;  // all digits were zeros
  __int128 v = 0;
  const __int128 limit = static_cast<__int128>(std::numeric_limits<std::int64_t>::max());
  for (char c : digits) {
    v = v * 10 + (c - '0');
    if (v > limit) return Status::invalid("is out of range");
  }
  for (long s = 0; s < shift; ++s) {
    if (v == 0) break;
    v *= 10;
    if (v > limit) return Status::invalid("is out of range");
  }
  return static_cast<std::int64_t>(negative ? -v : v);
}

std::string format_scaled_decimal(std::int64_t value, int places) {
  bool negative = value < 0;
  unsigned __int128 v = negative ? static_cast<unsigned __int128>(-static_cast<__int128>(value))
                                 : static_cast<unsigned __int128>(value);
  unsigned __int128 scale = 1;
  for (int p = 0; p < places; ++p) scale *= 10;
  auto to_text = [](unsigned __int128 x) {
    std::string s;
    do {
      s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(x % 10)));
      x /= 10;
    } while (x != 0);
    return s;
  };
  std::string out;
  if (negative) out.push_back('-');
  out.append(to_text(v / scale));
  std::string frac = to_text(v % scale);
  frac.insert(frac.begin(), static_cast<std::size_t>(places) - frac.size(), '0');
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) {
    out.push_back('.');
    out.append(frac);
  }
  return out;
}

Result<Quantity> parse_quantity(std::string_view text) {
  auto v = parse_scaled_decimal(text, kQuantityPlaces);
  if (!v) return v.status();
  if (*v < 0) return Status::invalid("must not be negative");
  if (*v > kMaxQuantityMilli) return Status::invalid("is over 1000000");
  return Quantity{*v};
}

std::optional<Kopecks> line_amount(Kopecks price, Quantity qty) {
  return mul_div_round_half_up(price, qty.milli, 1000);
}

}  // namespace kopilka::core
