// A card as the daemon answers GET /v1/cards (pos-api.md "Cards"), printed for a person:
// status, customer, points and their burn dates, spending, levels and messages.
#pragma once

#include "cli/cli_context.h"

namespace kopilka::cli {

void print_card_view(const CliContext& ctx, const core::Json& view);

}  // namespace kopilka::cli
