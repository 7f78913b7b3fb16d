// The one way Kopilka's config files write a span of time: whole digits and a unit,
// "50ms", "30s", "5m", "2h". Every duration key (the register's [office] sync_interval, a
// scanner's frame_gap and repeat_window) reads it here; each caller checks its own range
// and units (sync_interval takes no "ms": common::parse_duration).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace kopilka::common {

// The duration `text` names, or nullopt when it is not digits followed by ms, s, m or h
// (no sign, space or fraction; at most 11 digits, so no unit can overflow).
std::optional<std::chrono::milliseconds> read_duration(std::string_view text);

}  // namespace kopilka::common
