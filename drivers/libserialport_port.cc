// Real serial devices through libserialport, and the choice between it and termios; see
// serial_port.h. libserialport looks ports up in sysfs, follows no symlinks, cannot open
// a pseudo-terminal and takes no lock, so the path is resolved first, ptys go to termios,
// and exclusivity and VMIN/VTIME are set on its descriptor afterwards.
#include <libserialport.h>
#include <stdlib.h>
#include <unistd.h>

#include <sys/stat.h>

#include "drivers/port_permission.h"
#include "drivers/serial_port.h"

namespace kopilka::drivers {

namespace {

class LibSerialPort final : public SerialPort {
 public:
  LibSerialPort(sp_port* port, int fd, std::string device)
      : port_(port), fd_(fd), device_(std::move(device)) {}
  ~LibSerialPort() override {
    sp_close(port_);
    sp_free_port(port_);
  }
  int fd() const override { return fd_; }
  const std::string& device() const override { return device_; }

 private:
  sp_port* port_;
  int fd_;
  std::string device_;
};

sp_parity parity_of(Parity p) {
  return p == Parity::kOdd ? SP_PARITY_ODD : p == Parity::kEven ? SP_PARITY_EVEN : SP_PARITY_NONE;
}

sp_flowcontrol flow_of(Flow f) {
  return f == Flow::kRtsCts    ? SP_FLOWCONTROL_RTSCTS
         : f == Flow::kXonXoff ? SP_FLOWCONTROL_XONXOFF
                               : SP_FLOWCONTROL_NONE;
}

}  // namespace

core::Result<std::unique_ptr<SerialPort>> open_libserialport_port(const std::string& device,
                                                                  const ScannerConfig& c) {
  sp_port* port = nullptr;
  if (sp_get_port_by_name(device.c_str(), &port) != SP_OK)
    return core::Status::not_found(device + " is not there");
  if (sp_open(port, SP_MODE_READ_WRITE) != SP_OK) {
    int e = sp_last_error_code();
    sp_free_port(port);
    if (e == EACCES || e == EPERM) return core::Status::unavailable(permission_denied_text(device));
    return core::Status::unavailable(device + ": cannot open");
  }
  bool ok = sp_set_baudrate(port, c.baud) == SP_OK && sp_set_bits(port, c.data_bits) == SP_OK &&
            sp_set_parity(port, parity_of(c.parity)) == SP_OK &&
            sp_set_stopbits(port, c.stop_bits) == SP_OK &&
            sp_set_flowcontrol(port, flow_of(c.flow)) == SP_OK;
  int fd = -1;
  if (ok) ok = sp_get_port_handle(port, &fd) == SP_OK && fd >= 0;
  core::Status s = ok ? configure_tty(fd, device, c, false)
                      : core::Status::unavailable(device + ": cannot configure");
  if (!s) {
    sp_close(port);
    sp_free_port(port);
    return s;
  }
  return std::unique_ptr<SerialPort>(new LibSerialPort(port, fd, device));
}

core::Result<std::unique_ptr<SerialPort>> open_serial_port(const ScannerConfig& config) {
  char* resolved = ::realpath(config.port.c_str(), nullptr);
  if (resolved == nullptr) return core::Status::not_found(config.port + " is not there");
  std::string device = resolved;
  ::free(resolved);
  // A file, a directory or /dev/null is a mistyped `port`, not a scanner still unplugged:
  // an error with the fix, not "waiting" for ever.
  struct stat st {};
  if (::stat(device.c_str(), &st) == 0 && !S_ISCHR(st.st_mode))
    return core::Status::invalid(config.port + " is not a serial device (" +
                                     (S_ISDIR(st.st_mode) ? "a directory" : "a file") +
                                     "): `port` names the scanner's device, such as "
                                     "/dev/serial/by-id/… or /dev/ttyUSB0",
                                 "port");
  // Pseudo-terminals (and ttys libserialport does not know) are opened with termios.
  if (device.rfind("/dev/pts/", 0) == 0) return open_termios_port(device, config);
  sp_port* probe = nullptr;
  if (sp_get_port_by_name(device.c_str(), &probe) != SP_OK)
    return open_termios_port(device, config);
  sp_free_port(probe);
  return open_libserialport_port(device, config);
}

}  // namespace kopilka::drivers
