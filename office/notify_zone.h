// Which time zone a customer's quiet hours and daily limit are kept in (office.md
// "Notifications": "quiet hours in the customer's store time zone"). The customer's store
// is the store of the register that took the card's most recent receipt; a card with no
// receipt yet is placed by the register that first journalled it; a register without a
// store, or a card no register has seen, keeps head office's zone.
#pragma once

#include <string>

#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

core::Result<core::Zone> customer_zone(Sql& sql, const std::string& card, core::Zone head_office);

}  // namespace kopilka::office
