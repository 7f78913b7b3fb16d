// Phone spellings to E.164; see phone.h.
#include "core/phone.h"

#include "core/payment_card.h"

namespace kopilka::core {

std::optional<std::string> normalize_phone(std::string_view text) {
  std::string digits;
  bool plus = false;
  bool seen_digit = false;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') {
      digits += ch;
      seen_digit = true;
    } else if (ch == '+' && !seen_digit && !plus) {
      plus = true;
    } else if (ch != ' ' && ch != '-' && ch != '(' && ch != ')' && ch != '.' && ch != '\t') {
      return std::nullopt;
    }
    if (digits.size() > 20) return std::nullopt;
  }
  if (!plus && digits.size() > 2 && digits.compare(0, 2, "00") == 0) {
    plus = true;  // the international prefix written out
    digits.erase(0, 2);
  }
  if (!plus) {
    // Without a country code the number is Russian: 8 or 7 then ten digits, or ten alone.
    if (digits.size() == 11 && (digits[0] == '8' || digits[0] == '7'))
      return "+7" + digits.substr(1);
    if (digits.size() == 10) return "+7" + digits;
    return std::nullopt;
  }
  if (digits.size() < 4 || digits.size() > 15 || digits[0] == '0') return std::nullopt;
  // No country's plan has such a number, yet "+3 7828 2246 3100 05" passed the bank-card
  // check as typed (in odd groups) and was kept as +378282246310005, an American Express
  // number: a bank card's number is not a phone, however it is grouped.
  if (is_payment_card_number(digits)) return std::nullopt;
  return "+" + digits;
}

}  // namespace kopilka::core
