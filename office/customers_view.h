// The service desk's customer view (GET /v1/admin/customers/{id}, docs/office.md
// "Customers"): contacts; cards with status, balance, levels and point lots with their burn
// dates; purchase history across every store and points history from the journal, newest
// first and bounded; audit entries about the customer and its cards; notifications and
// the wallet (none yet).
#pragma once

#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/customers.h"
#include "office/storage.h"

namespace kopilka::office {

inline constexpr int kViewHistoryLimit = 200;  // journal entries, newest first
inline constexpr int kViewAuditLimit = 100;    // per object

core::Result<core::Json> customer_view(Storage& store, const CustomerRecord& customer,
                                       core::Instant now);

}  // namespace kopilka::office
