// Scanner events for the POS's long poll (pos-api.md "Scanner events"): a numbered
// history of at least the last 1000 events and the requests waiting for the next one.
// Lives on the event loop; waiting never blocks it (a timer per waiting request).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <string>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "common/http_types.h"
#include "core/json_exact.h"
#include "drivers/scan_event.h"

namespace kopilka::daemon {

class EventBus final : public drivers::ScanEventSink {
 public:
  // `known` tells whether a card number is in the local database; `now_text` formats
  // the current time for the event's `at`.
  EventBus(asio::io_context& io, std::function<bool(const std::string&)> known,
           std::function<std::string()> now_text);

  // Assigns the next seq and `at`, keeps it, and answers every waiting poll.
  void publish(core::Json event);
  void on_scan_event(const drivers::ScanEvent& event) override;

  // Answers with the events after `after` at once, or when one arrives, or after
  // `wait_s` seconds with an empty list. An `after` beyond the last seq (a cursor from
  // before a restart) counts as 0.
  void poll(std::int64_t after, int wait_s, common::Respond respond);
  // Answers every waiting poll now (shutdown).
  void release_all();
  std::int64_t last_seq() const { return next_seq_ - 1; }

 private:
  struct Waiter {
    std::int64_t after;
    common::Respond respond;
    std::unique_ptr<asio::steady_timer> timer;
  };
  common::HttpResponse answer(std::int64_t after) const;

  static constexpr std::size_t kRetained = 1000;
  asio::io_context& io_;
  std::function<bool(const std::string&)> known_;
  std::function<std::string()> now_text_;
  std::deque<core::Json> events_;
  std::int64_t next_seq_ = 1;
  std::list<Waiter> waiters_;
};

}  // namespace kopilka::daemon
