// The burn scan stands aside for registers' pushes (docs/benchmarks.md "Notifications"): the
// push route marks each push on arrival and on its answer; before each of its write
// transactions (and page reads, checkpoints, and each card it judges) the scan waits while a push
// is in flight or one was answered a moment ago, so on SQLite a push never queues for the
// write lock behind the scan and the CPU is the push's. The wait is bounded: a register
// that pushes without a break delays the night's scan, never stops it.
// One process knows only its own pushes: with several office processes on one PostgreSQL,
// a push to another process does not pause this one's scan (PostgreSQL's scan takes no
// lock a push needs, so what is shared there is only the machine).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "common/http_types.h"

namespace kopilka::office {

// How long after a push's answer the scan keeps still, and the longest it waits in one go.
struct ScanPause {
  std::chrono::nanoseconds quiet_after = std::chrono::milliseconds(3);
  std::chrono::nanoseconds longest_wait = std::chrono::milliseconds(200);
};

// What the push route tells the scan; shared by the server's thread and the worker's.
class PushActivity {
 public:
  void begin() { in_flight_.fetch_add(1, std::memory_order_acq_rel); }
  void end(std::chrono::steady_clock::time_point at) {
    last_end_ns_.store(at.time_since_epoch().count(), std::memory_order_release);
    in_flight_.fetch_sub(1, std::memory_order_acq_rel);
  }
  int in_flight() const { return in_flight_.load(std::memory_order_acquire); }
  std::chrono::steady_clock::time_point last_end() const {
    return std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(last_end_ns_.load(std::memory_order_acquire)));
  }

 private:
  std::atomic<int> in_flight_{0};
  std::atomic<std::int64_t> last_end_ns_{0};
};

// The rule itself, pure: true when the scan must wait on. `waited` is how long this wait
// has lasted; past `pause.longest_wait` the scan goes whatever the pushes do.
bool scan_must_wait(int in_flight, std::chrono::steady_clock::time_point last_end,
                    std::chrono::steady_clock::time_point now, std::chrono::nanoseconds waited,
                    const ScanPause& pause);

// Waits (a millisecond at a time) until the rule lets the scan go or `stopping` is set;
// how long it waited.
std::chrono::nanoseconds stand_aside(const PushActivity& pushes, const std::atomic<bool>& stopping,
                                     const ScanPause& pause = {});

// `respond` wrapped so that the push counts as in flight from now until it is answered
// (or dropped unanswered).
common::Respond track_push(PushActivity& pushes, common::Respond respond);

}  // namespace kopilka::office
