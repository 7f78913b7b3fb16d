// How much of the event loop's time heavy requests may take (a one-shot CSV export, a
// campaign's recipient count: a walk over every card on the loop's thread). 75 exports at
// once held /v1/health for 32 s, past the watchdog, from a read-only account. Heavy work is
// admitted while it took under `share` of the last `window`; otherwise the caller hears 429
// with when to come back, and the loop stays free for registers and everyone else.
// On the loop's thread only; the clock is passed in.
#pragma once

#include <chrono>
#include <deque>
#include <utility>

namespace kopilka::office {

class LoopBudget {
 public:
  using Clock = std::chrono::steady_clock;
  LoopBudget(std::chrono::milliseconds window = std::chrono::seconds(10),
             std::chrono::milliseconds allowed = std::chrono::seconds(3))
      : window_(window), allowed_(allowed) {}

  // Whether a heavy request may run at `now`; when not, `retry_after` says when it may.
  bool admit(Clock::time_point now, std::chrono::seconds* retry_after);
  // A heavy request that ran from `start` to `end`.
  void spent(Clock::time_point start, Clock::time_point end);

 private:
  void forget_before(Clock::time_point t);
  std::chrono::milliseconds window_, allowed_;
  std::deque<std::pair<Clock::time_point, Clock::duration>> runs_;  // end, length
};

}  // namespace kopilka::office
