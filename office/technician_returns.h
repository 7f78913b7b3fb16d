// What a register enrolled with a technician's code may give back (docs/sync.md "Whose
// code"): a refund or cancellation returns at most the points and wallet money that head
// office knows its receipt spent, less what earlier returns of it gave back, and the return
// that leaves nothing of the receipt takes back every point the receipt earned. Without it
// such a register minted points and wallet money through returns of receipts that never
// were, or kept a forged receipt's points after cancelling its revenue away.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "office/push_batch.h"
#include "office/sql.h"

namespace kopilka::office {

// Ok, or why `entry` (a refund or a cancel of the register `register_id`) is refused.
// `earlier` are the entries of this group applied before it and not yet in `sql` (an engine
// that inserts a group's entries at its end passes them; one that inserts as it goes, none).
core::Status check_technician_return(Sql& sql, const std::string& register_id,
                                     const PushEntry& entry,
                                     const std::vector<const PushEntry*>& earlier);

}  // namespace kopilka::office
