// The real Clock (common/clock.h): std::chrono::steady_clock, with timers on an Asio event
// loop. Header-only, so that whoever uses it needs Asio's headers and nothing linked.
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "common/clock.h"

namespace kopilka::common {

class LoopTimer final : public Timer {
 public:
  explicit LoopTimer(asio::io_context& io) : timer_(io) {}
  void start(std::chrono::milliseconds after, std::function<void()> fire) override {
    timer_.expires_after(after);  // cancels the wait pending, if any
    timer_.async_wait([fire = std::move(fire)](const std::error_code& ec) {
      if (!ec) fire();
    });
  }
  void cancel() override { timer_.cancel(); }

 private:
  asio::steady_timer timer_;
};

// `io` must outlive the clock and its timers.
class LoopClock final : public Clock {
 public:
  explicit LoopClock(asio::io_context& io) : io_(io) {}
  std::chrono::milliseconds now() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
  }
  std::unique_ptr<Timer> make_timer() override { return std::make_unique<LoopTimer>(io_); }

 private:
  asio::io_context& io_;
};

}  // namespace kopilka::common
