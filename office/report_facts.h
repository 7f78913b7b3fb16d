// What the report aggregates (aggregates.h) need from a receipt's, refund's or
// cancellation's detail, read once when the push is parsed (push_batch.h) so the group
// commit does not parse each entry's body a second time.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/json_exact.h"

namespace kopilka::office {

struct ReportFacts {
  std::string receipt_id;
  std::int64_t total = 0;           // a receipt's
  std::int64_t money_returned = 0;  // a refund's or cancellation's
  // A refund's or cancellation's that returned the last of its receipt (the register's
  // `completes_receipt`): the receipt is counted no more.
  bool completes_receipt = false;
  // The programs that gave the receipt a discount or points → their discount.
  std::map<std::string, std::int64_t> applied;
};

// From an entry (the whole journal entry as pushed or stored).
ReportFacts report_facts(const core::Json& entry);

}  // namespace kopilka::office
