// A card's profile as the audit records it before and after a change: status, groups,
// who referred it, and its customer's contacts and consents (what an admin edit or an
// enrolling register's upload may change).
#pragma once

#include "core/card_state.h"
#include "core/json_exact.h"

namespace kopilka::office {

core::Json card_profile(const core::CardState& card);

}  // namespace kopilka::office
