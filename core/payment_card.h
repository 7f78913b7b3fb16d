// Recognises bank payment card numbers (scanners.md "Frames and what becomes of them"), so
// that a bank card read by any scanner is rejected and its number is never shown or kept.
// Pure: digits in, yes or no out.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace kopilka::core {

// True for 13–19 digits that start with a payment network's IIN at a length that network
// issues (Visa, Mastercard incl. 2221–2720, Мир 2200–2204, Amex, UnionPay, JCB, Maestro,
// Discover/Diners) and pass Luhn. An in-store EAN-13 (prefixes 20–29) is none of these:
// Мир and Mastercard's 22–27 ranges are 16 digits or longer.
bool is_payment_card_number(std::string_view digits);

// True when a payment card number is in `bytes`: a maximal run of digits, zero-padded or
// not, or runs joined by single spaces, dashes or dots as a number is printed ("4111 1111
// 1111 1111"). A bank card's number inside a frame (track data with its sentinels
// stripped, a QR text) counts too; digits inside a longer run of other digits do not.
bool contains_payment_card_number(std::string_view bytes);
// The same for a product's text (a receipt line's sku, name or category), where a 13-digit
// number that passes the EAN-13 check is the product's barcode: a tenth of Russia's
// `46…` barcodes also pass Luhn as a 13-digit Visa number, which no bank issues any more.
bool contains_payment_card_number_beside_barcodes(std::string_view bytes);

// True when `bytes` hold a magnetic stripe's track 1 ("%B" and digits: the holder's name
// follows), whatever the number in it.
bool contains_card_track_one(std::string_view bytes);

// A person's free text that is kept, shown to staff and synced (a customer's name or
// e-mail, an adjustment's reason): invalid, naming `field`, when it holds a bank card's
// number in any form or a track 1.
Status check_free_text(std::string_view text, const std::string& field);

// True when `bytes` end in what could be the first part of a payment card number: the
// digits of their last run (zero-padded or printed in groups, a separator possibly last)
// begin some network's IIN and are fewer than it issues. A scanner that ends its frames by
// a pause may send a bank card's number in two bursts; a frame for which this holds is
// held back until it is clear no more digits follow (drivers/frame_parser.h).
bool could_begin_payment_card_number(std::string_view bytes);

}  // namespace kopilka::core
