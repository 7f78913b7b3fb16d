// Event bus; see event_bus.h.
#include "daemon/event_bus.h"

#include <chrono>

namespace kopilka::daemon {

EventBus::EventBus(asio::io_context& io, std::function<bool(const std::string&)> known,
                   std::function<std::string()> now_text)
    : io_(io), known_(std::move(known)), now_text_(std::move(now_text)) {}

common::HttpResponse EventBus::answer(std::int64_t after) const {
  core::Json list = core::Json::array();
  for (const auto& e : events_)
    if (e["seq"].get<std::int64_t>() > after) list.push_back(e);
  return {200, core::Json{{"events", std::move(list)}, {"last_seq", last_seq()}}};
}

void EventBus::publish(core::Json event) {
  event["seq"] = next_seq_++;
  event["at"] = now_text_();
  events_.push_back(std::move(event));
  while (events_.size() > kRetained) events_.pop_front();
  // Answer every poll that was waiting for something newer.
  auto waiting = std::move(waiters_);
  waiters_.clear();
  for (auto& w : waiting) {
    w.timer->cancel();
    w.respond(answer(w.after));
  }
}

void EventBus::on_scan_event(const drivers::ScanEvent& e) {
  using Type = drivers::ScanEvent::Type;
  core::Json j = {{"scanner", e.scanner}};
  switch (e.type) {
    case Type::kCardScanned:
      j["type"] = "card_scanned";
      j["card"] = e.card;
      j["source"] = e.source;
      j["known"] = known_(e.card);
      break;
    case Type::kScanRejected:
      j["type"] = "scan_rejected";
      j["reason"] = e.reason;
      break;
    case Type::kConnected:
      j["type"] = "scanner_connected";
      break;
    case Type::kDisconnected:
      j["type"] = "scanner_disconnected";
      if (!e.reason.empty()) j["reason"] = e.reason;
      break;
  }
  publish(std::move(j));
}

void EventBus::poll(std::int64_t after, int wait_s, common::Respond respond) {
  // A cursor beyond the last event comes from before a restart (seq starts again at 1):
  // treat it as "from the start", or that POS would miss every event until seq caught up.
  if (after > last_seq()) after = 0;
  if (after < last_seq() || wait_s <= 0) {
    respond(answer(after));
    return;
  }
  waiters_.push_back(Waiter{after, std::move(respond), std::make_unique<asio::steady_timer>(io_)});
  auto it = std::prev(waiters_.end());
  it->timer->expires_after(std::chrono::seconds(wait_s));
  it->timer->async_wait([this, timer = it->timer.get()](const std::error_code& ec) {
    if (ec) return;  // cancelled: publish() answered it
    for (auto w = waiters_.begin(); w != waiters_.end(); ++w) {
      if (w->timer.get() == timer) {
        auto respond = std::move(w->respond);
        std::int64_t after = w->after;
        waiters_.erase(w);  // Asio moved this handler out of the timer first: safe to destroy
        respond(answer(after));
        return;
      }
    }
  });
}

void EventBus::release_all() {
  auto waiting = std::move(waiters_);
  waiters_.clear();
  for (auto& w : waiting) {
    w.timer->cancel();
    w.respond(answer(w.after));
  }
}

}  // namespace kopilka::daemon
