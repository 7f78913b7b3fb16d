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

namespace kopilka::drivers {

struct ScannerHealth {
  std::string name;
  std::string state;    // connected | waiting | error
  std::string message;  // why, when not connected (e.g. permission denied: not in dialout)
};

class ScannerManager {
 public:
  // `io` and `sink` must outlive the manager. Nothing happens until start().
  ScannerManager(asio::io_context& io, std::vector<ScannerConfig> configs, ScanEventSink& sink);
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
