// How a SQLite connection waits for another writer: in steps short enough that a write
// queued behind a brief transaction (the notification scan's, a CLI edit) pays tens of
// microseconds, not SQLite's own first step of a whole millisecond, and gives up after
// about five seconds as before.
#pragma once

#include <chrono>
#include <optional>

struct sqlite3;

namespace kopilka::common {

// The wait before busy retry number `attempt` (0 for the first), or nothing once the
// waits so far add up to the limit.
std::optional<std::chrono::microseconds> busy_wait_before(int attempt);

// Installs that schedule as the connection's busy handler.
void wait_briefly_when_busy(sqlite3* db);

}  // namespace kopilka::common
