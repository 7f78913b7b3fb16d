// Runs every configured scanner on the daemon's Asio loop: opens ports (libserialport for
// real devices, termios for ptys), frames bytes, reconnects with backoff, and reports
// ScanEvents to the sink. One scanner failing never stalls the others or the loop.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "drivers/scan_event.h"
#include "drivers/scanner_config.h"

namespace kopilka::common {
class Clock;
}

namespace kopilka::drivers {

class PortOpener;

struct ScannerHealth {
  std::string name;
  std::string state;    // connected | waiting | error
  std::string message;  // why, when not connected (e.g. permission denied: not in dialout)
};

class ScannerManager {
 public:
  // `io` and `sink` must outlive the manager. Nothing happens until start(). Ports are
  // opened with open_serial_port, and waits are timed by the loop's steady clock.
  ScannerManager(asio::io_context& io, std::vector<ScannerConfig> configs, ScanEventSink& sink);
  // The same with the ports opened by `opener` and waits (reconnect backoff, the frame gap,
  // the repeat window) timed by `clock`: the seams unit tests use. Both must outlive the
  // manager; reads still go through `io` on each port's descriptor.
  ScannerManager(asio::io_context& io, std::vector<ScannerConfig> configs, ScanEventSink& sink,
                 PortOpener& opener, common::Clock& clock);
  ~ScannerManager();
  ScannerManager(const ScannerManager&) = delete;
  ScannerManager& operator=(const ScannerManager&) = delete;

  void start();
  // Closes every port and cancels timers; safe to call twice.
  void stop();
  std::vector<ScannerHealth> health() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kopilka::drivers
