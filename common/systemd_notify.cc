// sd_notify calls for Type=notify services; see systemd_notify.h.
#include "common/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <chrono>

namespace kopilka::common {

namespace {

void pet_every(asio::steady_timer& timer, std::chrono::microseconds interval) {
  timer.expires_after(interval / 2);
  timer.async_wait([&timer, interval](const std::error_code& ec) {
    if (ec) return;
    sd_notify(0, "WATCHDOG=1");
    pet_every(timer, interval);
  });
}

}  // namespace

void notify_ready() {
  sd_notify(0, "READY=1");
}

void notify_stopping() {
  sd_notify(0, "STOPPING=1");
}

void keep_watchdog(asio::steady_timer& timer) {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0) pet_every(timer, std::chrono::microseconds(usec));
}

}  // namespace kopilka::common
