// Serial ports for `kopilka scanner`: what is plugged in (libserialport's list with USB
// ids and /dev/serial/by-id names), and reading frames from one port the way kopilkad
// would parse them, until a count, a timeout or Ctrl-C.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "drivers/frame_parser.h"
#include "drivers/scanner_config.h"

namespace kopilka::cli {

struct PortInfo {
  std::string device;  // /dev/ttyACM0
  std::string by_id;   // /dev/serial/by-id/usb-… (empty when none points here)
  std::string description;
  std::string transport;  // usb | native | bluetooth
  int usb_vendor = -1, usb_product = -1;
  std::string manufacturer, product, serial;
};

core::Result<std::vector<PortInfo>> list_serial_ports();

// One frame as kopilkad's parser saw it. `raw` is the bytes escaped (\r, \x02), or empty
// when they must not be shown (a bank card).
struct SeenFrame {
  std::string raw;
  drivers::FrameOutcome outcome;
};

// Bytes as printable text: ASCII as is, \r \n \t, everything else \xNN.
std::string escape_bytes(std::string_view bytes);

// Opens the scanner's port and calls `on_frame` for each frame until it returns false,
// `timeout_ms` passes (0: none), or SIGINT/SIGTERM arrives. kConflict when another process
// (kopilkad) holds the port. `stopped_by_signal` tells why it ended. `on_open` runs once
// the port is open, so "listening…" is never said of a port that then fails.
core::Status listen_port(const drivers::ScannerConfig& config, int timeout_ms,
                         const std::function<bool(const SeenFrame&)>& on_frame,
                         bool* stopped_by_signal, bool* timed_out,
                         const std::function<void()>& on_open = {});

}  // namespace kopilka::cli
