// Time as the event loop sees it: a monotonic now and one-shot timers, behind an interface
// so that code which waits (scanner reconnects, sync backoff) is tested with a manual clock
// instead of sleeping. Business time (`at`) never comes from here: see core/time.h.
// The real clock is common/loop_clock.h; the manual one is tests/unit/fakes/manual_clock.h.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace kopilka::common {

// One pending wait at a time. Used on the event loop's thread only.
class Timer {
 public:
  virtual ~Timer() = default;
  // Calls `fire` on the loop once `after` has passed, replacing any wait still pending
  // (whose `fire` is then never called).
  virtual void start(std::chrono::milliseconds after, std::function<void()> fire) = 0;
  // The pending wait's `fire` is not called. A wait that fell due and whose `fire` is
  // already queued on the loop may still run, so `fire` checks its own stopped flag.
  virtual void cancel() = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic milliseconds since an arbitrary start; only differences mean anything.
  virtual std::chrono::milliseconds now() const = 0;
  // A timer on this clock; it must not outlive the clock (or the clock's event loop).
  virtual std::unique_ptr<Timer> make_timer() = 0;
};

}  // namespace kopilka::common
