// Card-number checks; see card_number.h.
#include "core/card_number.h"

#include <algorithm>

#include "core/payment_card.h"

namespace kopilka::core {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_card_number(std::string_view number) {
  return number.size() >= 4 && number.size() <= 32 && all_digits(number);
}

Status check_card_number(std::string_view number, const std::string& field) {
  if (!is_card_number(number)) return Status::invalid("a card number is 4 to 32 digits", field);
  // Zero-padded too (004111…: a reader's fixed width), as the scanners judge it; the
  // number is all digits, so its zeros are simply skipped (no allocation on a confirm).
  std::string_view unpadded = number.substr(std::min(number.find_first_not_of('0'), number.size()));
  if (is_payment_card_number(unpadded))
    return Status::invalid("is a bank card's number: bank cards are never taken", field);
  return Status::ok();
}

bool ean_check_ok(std::string_view digits) {
  if ((digits.size() != 8 && digits.size() != 13) || !all_digits(digits)) return false;
  // Weights 3,1,3,1... from the rightmost data digit leftwards.
  int sum = 0;
  std::size_t n = digits.size() - 1;
  for (std::size_t i = 0; i < n; ++i) {
    int d = digits[n - 1 - i] - '0';
    sum += (i % 2 == 0) ? 3 * d : d;
  }
  return (10 - sum % 10) % 10 == digits[n] - '0';
}

bool luhn_ok(std::string_view digits) {
  if (digits.size() < 2 || !all_digits(digits)) return false;
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 == 0;
}

std::string masked_card(std::string_view number) {
  return "****" +
         std::string(number.size() <= 4 ? std::string_view() : number.substr(number.size() - 4));
}

}  // namespace kopilka::core
