// Words for what kopilkad reports as codes (loyalty "applied", program "enabled" true,
// sync "offline", daemon "stopped", card "blocked"), counts of points with their plural
// and lengths of time, in the technician's language, so that a Russian screen is Russian
// throughout.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cli/cli_context.h"

namespace kopilka::cli {

// "3 d 4 h", "2 h 5 min", "12 min 30 s": a length of time in seconds (≥ 0) as people read
// it (a clock's difference from head office's).
std::string duration_text(const CliContext& ctx, std::int64_t seconds);

// "154 бонуса" / "154 points" (core::points_text in the context's language).
std::string points_phrase(const CliContext& ctx, std::int64_t n);

// A value the daemon reported, as text: strings as they are, numbers exactly, null as "-".
std::string value_text(const core::Json& v);
// Kopecks as roubles ("1 234,50 ₽" as core::format_rub writes them); anything else as
// value_text shows it.
std::string rub_text(const core::Json& v);

// The word for a reported code; English shows the code itself except true/false (yes/no);
// an unknown code is shown as it is.
std::string code_word(const CliContext& ctx, std::string_view code);

}  // namespace kopilka::cli
