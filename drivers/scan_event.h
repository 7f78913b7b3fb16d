// What scanners report to the rest of the daemon, and the narrow interface through which
// they report it, so drivers never include daemon headers.
#pragma once

#include <string>

namespace kopilka::drivers {

struct ScanEvent {
  enum class Type { kCardScanned, kScanRejected, kConnected, kDisconnected } type;
  std::string scanner;  // the scanner's configured name
  std::string card;     // kCardScanned only: the loyalty card number
  std::string source;   // kCardScanned: ean13|ean8|code128|track1|track2|qr|text
  std::string reason;   // kScanRejected: payment_card|read_error|bad_pattern|bad_check_digit|
                        // too_long|garbage; kDisconnected: what happened
};

// Implemented by the daemon (event bus). Called on the event loop's thread.
class ScanEventSink {
 public:
  virtual ~ScanEventSink() = default;
  virtual void on_scan_event(const ScanEvent& event) = 0;
};

}  // namespace kopilka::drivers
