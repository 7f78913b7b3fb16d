// PostgreSQL: one process at a time on a customer record's list of report rows
// (report_customer_rows.h). A group of pushes locks the cards it writes, and a card's own
// customer's list goes with its card; but a customer record's list may sit on a card another
// group writes, or be read for a card of theirs while another group writes another, and two
// processes would each write it back with only their own rows added.
#pragma once

#include <string_view>
#include <vector>

#include "core/status.h"
#include "office/report_customer_rows.h"
#include "office/sql.h"

namespace kopilka::office {

// Takes the lock of every customer record among `customers` (names as report_customer_days
// has them; cards' own customers are left to their cards' locks) until the transaction ends,
// in one order for every process; then, if it took any, reads again the lists `group`'s
// cards' rows hold, which another process may have written since the group read them. Does
// nothing on SQLite, whose one writer at a time holds them all.
core::Status lock_customer_lists(Sql& sql, const std::vector<std::string_view>& customers,
                                 CardRowLists* group);

}  // namespace kopilka::office
