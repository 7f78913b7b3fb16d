// Talking to systemd for a Type=notify service: ready, stopping, and the watchdog. Both
// servers use it; outside systemd (no NOTIFY_SOCKET) every call does nothing.
#pragma once

#include <asio/steady_timer.hpp>
#include <string>

namespace kopilka::common {

// Tells systemd the service is up (READY=1): the listener is bound and the store is open.
void notify_ready();
// Tells systemd a start runs long on purpose (a database migration, `what`): the unit's
// start timeout is extended, so the upgrade is not killed half way and begun again.
void notify_upgrading(const std::string& what);
// Tells systemd the service is shutting down on purpose (STOPPING=1).
void notify_stopping();

// When the unit sets WatchdogSec, pets the watchdog on `timer` at half its interval for as
// long as the event loop runs it; a hung loop stops the petting and systemd restarts the
// service. Cancel the timer to stop. Does nothing when no watchdog was asked for.
void keep_watchdog(asio::steady_timer& timer);

}  // namespace kopilka::common
