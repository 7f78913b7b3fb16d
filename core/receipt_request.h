// Parsing of the POS's request bodies (pos-api.md "Receipts") into validated values, with
// the limits of "Errors": price ≤ 10^12, qty ≤ 10^6 with ≤ 3 decimals, line and receipt
// amounts ≤ 10^13, ≤ 1000 lines, strings ≤ 256 characters, ids without control characters,
// times within the business times (time.h). Every error names its field.
#pragma once

#include "core/json_exact.h"
#include "core/receipt.h"
#include "core/status.h"
#include "core/time.h"

namespace kopilka::core {

// Ids the POS or a technician chooses (receipt_id, refund_id, adjust_id, shift_id, coupon
// codes, group names) must be printable (no C0/C1 control characters) and hold no bank
// card's number (payment_card.h): an id is kept, logged and sent to head office, where a
// card's number never may be. kInvalid naming `field` otherwise.
Status check_id_text(std::string_view text, const std::string& field);

// A calculate or confirm body. `now` is used when `at` is absent.
Result<ReceiptRequest> parse_receipt_request(const Json& body, Instant now);
// What a cancel is kept under: the refund "cancel:<receipt_id>". No refund_id may begin so.
inline constexpr std::string_view kCancelRefundPrefix = "cancel:";

// A refund body (refund_id, at, lines); with `cancel`, a cancel body (at only).
Result<RefundRequest> parse_refund_request(const Json& body, Instant now, bool cancel);

}  // namespace kopilka::core
