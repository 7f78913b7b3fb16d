// Card-number checks: digits and length (4–32, pos-api.md), EAN-8/EAN-13 check digit,
// and Luhn (mod 10), used by the scanners and the API alike.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace kopilka::core {

// True for a non-empty run of ASCII digits and nothing else.
bool all_digits(std::string_view s);
// True for 4–32 ASCII digits: the shape of the card numbers the API accepts.
bool is_card_number(std::string_view number);
// A card number as the API takes it: 4–32 digits, and not a bank card's (payment_card.h),
// which is never kept, logged or sent on (scanners.md); kInvalid naming `field` otherwise,
// without the number.
Status check_card_number(std::string_view number, const std::string& field);
// True when `digits` is an 8- or 13-digit code whose last digit is its EAN check digit.
bool ean_check_ok(std::string_view digits);
// True when `digits` (at least 2 digits) passes the Luhn check.
bool luhn_ok(std::string_view digits);
// "****0015": how a card number appears in logs and on the technician's screens.
std::string masked_card(std::string_view number);

}  // namespace kopilka::core
