// A customer merged into another, in the report tables: the merged customer's days become
// the survivor's, in the same transaction as the merge, so that every report counts one
// person once (office.md "Reports": a customer is a card's customer). Their visits are
// counted anew as one list, and the survivor's first day is the earlier of the two.
#pragma once

#include <string>

#include "core/status.h"
#include "office/sql.h"

namespace kopilka::office {

core::Status move_report_customer(Sql& sql, const std::string& from, const std::string& into);

}  // namespace kopilka::office
