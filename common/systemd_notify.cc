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

void notify_upgrading(const std::string& what) {
  // Two hours from now: a migration rebuilding a chain's journal takes minutes, and one that
  // has not finished in two hours is stuck.
  sd_notifyf(0, "EXTEND_TIMEOUT_USEC=%llu\nSTATUS=%s", 2ULL * 3600 * 1000 * 1000, what.c_str());
}

void notify_stopping() {
  sd_notify(0, "STOPPING=1");
}

void keep_watchdog(asio::steady_timer& timer) {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0) pet_every(timer, std::chrono::microseconds(usec));
}

}  // namespace kopilka::common
