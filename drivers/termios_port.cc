// Serial ports through POSIX termios: used for pseudo-terminals (tests, socat) and as the
// shared tty setup for every port: exclusivity, raw mode, VMIN/VTIME. See serial_port.h.
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>

#include "drivers/port_permission.h"
#include "drivers/serial_port.h"

namespace kopilka::drivers {

namespace {

// The termios constant of a rate, or 0 for a rate termios has none for (14 400, say): such a
// port is refused rather than quietly run at another speed, which reads only garbage.
speed_t speed_of(int baud) {
  switch (baud) {
    case 1200:
      return B1200;
    case 2400:
      return B2400;
    case 4800:
      return B4800;
    case 9600:
      return B9600;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    case 115200:
      return B115200;
    case 230400:
      return B230400;
    case 460800:
      return B460800;
    case 921600:
      return B921600;
    default:
      return 0;
  }
}

class TermiosPort final : public SerialPort {
 public:
  TermiosPort(int fd, std::string device) : fd_(fd), device_(std::move(device)) {}
  ~TermiosPort() override { ::close(fd_); }
  int fd() const override { return fd_; }
  const std::string& device() const override { return device_; }

 private:
  int fd_;
  std::string device_;
};

}  // namespace

core::Status configure_tty(int fd, const std::string& device, const ScannerConfig& c,
                           bool set_line) {
  if (::ioctl(fd, TIOCEXCL) != 0 && errno != ENOTTY)
    return core::Status::unavailable(device +
                                     ": cannot take exclusive access: " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
    return core::Status::conflict(device + " is in use by another process");
  termios t{};
  if (::tcgetattr(fd, &t) != 0)
    // /dev/null and other devices that are not ports: retrying cannot mend it.
    return core::Status::invalid(device + " is not a serial port (" + std::strerror(errno) +
                                     "): `port` names the scanner's device, such as "
                                     "/dev/serial/by-id/… or /dev/ttyUSB0",
                                 "port");
  if (set_line) {
    const speed_t speed = speed_of(c.baud);
    if (speed == 0)
      return core::Status::invalid(device + ": baud " + std::to_string(c.baud) +
                                       " cannot be set on this port; use 1200, 2400, 4800, "
                                       "9600, 19200, 38400, 57600, 115200, 230400, 460800 or "
                                       "921600",
                                   "baud");
    ::cfmakeraw(&t);
    ::cfsetispeed(&t, speed);
    ::cfsetospeed(&t, speed);
    t.c_cflag &= ~static_cast<tcflag_t>(CSIZE);
    t.c_cflag |= c.data_bits == 5 ? CS5 : c.data_bits == 6 ? CS6 : c.data_bits == 7 ? CS7 : CS8;
    t.c_cflag &= ~static_cast<tcflag_t>(PARENB | PARODD | CSTOPB | CRTSCTS);
    if (c.parity != Parity::kNone) t.c_cflag |= PARENB | (c.parity == Parity::kOdd ? PARODD : 0);
    if (c.stop_bits == 2) t.c_cflag |= CSTOPB;
    if (c.flow == Flow::kRtsCts) t.c_cflag |= CRTSCTS;
    t.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
    if (c.flow == Flow::kXonXoff) t.c_iflag |= IXON | IXOFF;
    t.c_cflag |= CREAD | CLOCAL;
  }
  // Blocking-style reads of at least one byte, or the loop would see EOF.
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  if (::tcsetattr(fd, TCSANOW, &t) != 0)
    return core::Status::unavailable(device + ": cannot configure: " + std::strerror(errno));
  // What the port took in while nobody read it (a card scanned while kopilkad restarted) is
  // dropped: read now, it would be a scan for whatever receipt happens to be open.
  ::tcflush(fd, TCIFLUSH);
  int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  return core::Status::ok();
}

core::Result<std::unique_ptr<SerialPort>> open_termios_port(const std::string& device,
                                                            const ScannerConfig& config) {
  int fd = ::open(device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    if (e == ENOENT || e == ENODEV || e == ENXIO)
      return core::Status::not_found(device + " is not there");
    if (e == EACCES || e == EPERM) return core::Status::unavailable(permission_denied_text(device));
    return core::Status::unavailable(device + ": " + std::strerror(e));
  }
  if (core::Status s = configure_tty(fd, device, config, true); !s) {
    ::close(fd);
    return s;
  }
  return std::unique_ptr<SerialPort>(new TermiosPort(fd, device));
}

}  // namespace kopilka::drivers
