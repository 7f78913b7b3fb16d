// Where a request's JSON holds a bank card's data: the path of the first text (or key) with a
// bank card's number in any form or a magnetic stripe's track 1 (core/payment_card.h), for
// the admin APIs of both servers, which keep what they are sent and never may keep that.
#pragma once

#include <optional>
#include <string>

#include "core/json_exact.h"

namespace kopilka::core {

// "templates[2].text", "name"; nothing when no text holds a bank card's data. Keys naming a
// password are skipped: a password is never kept as typed, and one that happens to look
// like a card's number must still work.
std::optional<std::string> field_with_card_data(const Json& j);

}  // namespace kopilka::core
