// A Clock (common/clock.h) that moves only when a test says so, and records every wait it
// was asked for, so that backoff is asserted exactly and without sleeping. Single-threaded,
// like the event loop it stands in for; timers must not outlive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "common/clock.h"

namespace kopilka::fakes {

class ManualClock final : public common::Clock {
 public:
  struct Wait {
    int timer;  // which timer, in order of creation from 0
    std::chrono::milliseconds after;
  };

  std::chrono::milliseconds now() const override { return now_; }
  std::unique_ptr<common::Timer> make_timer() override {
    return std::make_unique<ManualTimer>(*this, next_timer_++);
  }

  // Moves time forward by `by`, firing every wait that falls due on the way, soonest
  // first (a wait started by a firing one fires too if it falls due in time).
  void advance(std::chrono::milliseconds by) {
    const auto until = now_ + by;
    while (auto timer = soonest()) {
      if (pending_[*timer].due > until) break;
      fire(*timer);
    }
    now_ = until;
  }
  // Moves time to the soonest pending wait and fires it; false when none is pending.
  bool fire_next() {
    auto timer = soonest();
    if (!timer) return false;
    fire(*timer);
    return true;
  }
  // How long until the soonest pending wait falls due, if any.
  std::optional<std::chrono::milliseconds> next_due_in() const {
    auto timer = soonest();
    if (!timer) return std::nullopt;
    return pending_.at(*timer).due - now_;
  }
  std::size_t pending() const { return pending_.size(); }

  // Every wait started, in order: the record tests assert on.
  std::vector<Wait> waits;
  // The waits of one timer only, in order.
  std::vector<std::chrono::milliseconds> waits_of(int timer) const {
    std::vector<std::chrono::milliseconds> out;
    for (const auto& w : waits)
      if (w.timer == timer) out.push_back(w.after);
    return out;
  }

 private:
  struct Pending {
    std::chrono::milliseconds due;
    std::uint64_t order;  // ties fire in the order they were started
    std::function<void()> fire;
  };

  class ManualTimer final : public common::Timer {
   public:
    ManualTimer(ManualClock& clock, int id) : clock_(clock), id_(id) {}
    ~ManualTimer() override { cancel(); }
    void start(std::chrono::milliseconds after, std::function<void()> fire) override {
      clock_.waits.push_back({id_, after});
      clock_.pending_[id_] = {clock_.now_ + after, clock_.order_++, std::move(fire)};
    }
    void cancel() override { clock_.pending_.erase(id_); }

   private:
    ManualClock& clock_;
    int id_;
  };

  std::optional<int> soonest() const {
    std::optional<int> best;
    for (const auto& [id, p] : pending_) {
      if (!best) {
        best = id;
        continue;
      }
      const Pending& b = pending_.at(*best);
      if (p.due < b.due || (p.due == b.due && p.order < b.order)) best = id;
    }
    return best;
  }
  void fire(int timer) {
    Pending p = std::move(pending_[timer]);
    pending_.erase(timer);
    if (p.due > now_) now_ = p.due;
    p.fire();
  }

  std::chrono::milliseconds now_{1'000'000};
  int next_timer_ = 0;
  std::uint64_t order_ = 0;
  std::map<int, Pending> pending_;
};

}  // namespace kopilka::fakes
