// One open serial port, whatever opened it: libserialport for real devices, POSIX
// termios for pseudo-terminals (libserialport cannot open those). Either way the port is
// exclusive (TIOCEXCL + flock), raw, non-blocking, and hands the event loop a descriptor.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "drivers/scanner_config.h"

namespace kopilka::drivers {

class SerialPort {
 public:
  virtual ~SerialPort() = default;
  // The descriptor to watch; owned by the port (the loop must release, not close, it).
  virtual int fd() const = 0;
  // The device actually opened (symlinks resolved), for logs and health.
  virtual const std::string& device() const = 0;
};

// Resolves config.port (a /dev/serial/by-id link is followed anew on every call) and
// opens it. Errors: kNotFound while the device is absent; kUnavailable with "permission
// denied: …dialout…" when the service user may not open it; kConflict when another
// process holds it.
core::Result<std::unique_ptr<SerialPort>> open_serial_port(const ScannerConfig& config);

// How the scanner manager opens its ports: an interface so that reconnects and hot-plug are
// tested with a fake (tests/unit/fakes/fake_port.h) instead of devices.
class PortOpener {
 public:
  virtual ~PortOpener() = default;
  // As open_serial_port, with the same errors.
  virtual core::Result<std::unique_ptr<SerialPort>> open(const ScannerConfig& config) = 0;
};

// The real opener: open_serial_port.
class SystemPortOpener final : public PortOpener {
 public:
  core::Result<std::unique_ptr<SerialPort>> open(const ScannerConfig& config) override {
    return open_serial_port(config);
  }
};

// Implementations, chosen by open_serial_port.
core::Result<std::unique_ptr<SerialPort>> open_termios_port(const std::string& device,
                                                            const ScannerConfig& config);
core::Result<std::unique_ptr<SerialPort>> open_libserialport_port(const std::string& device,
                                                                  const ScannerConfig& config);
// Takes exclusive access of an open tty and makes it raw with the config's line settings.
core::Status configure_tty(int fd, const std::string& device, const ScannerConfig& config,
                           bool set_line);

}  // namespace kopilka::drivers
