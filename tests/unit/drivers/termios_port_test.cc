// Tests of drivers/termios_port on a real pseudo-terminal: a rate termios can set is set,
// one it cannot is refused by name instead of running the port at another speed.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <string>

#include "drivers/serial_port.h"

using namespace kopilka::drivers;

namespace {

// A pseudo-terminal's controlling side, closed at the end; `device` is the side a scanner
// would be on.
struct Pty {
  Pty() {
    fd = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(fd >= 0);
    REQUIRE(::grantpt(fd) == 0);
    REQUIRE(::unlockpt(fd) == 0);
    device = ::ptsname(fd);
  }
  ~Pty() { ::close(fd); }
  int fd = -1;
  std::string device;
};

}  // namespace

TEST_CASE("a standard rate is set on the port") {
  Pty pty;
  ScannerConfig c;
  c.baud = 115200;
  auto port = open_termios_port(pty.device, c);
  REQUIRE(port.ok());
  termios t{};
  REQUIRE(::tcgetattr((*port)->fd(), &t) == 0);
  CHECK(::cfgetispeed(&t) == B115200);
}

TEST_CASE("a rate termios cannot set is refused, naming baud") {
  Pty pty;
  ScannerConfig c;
  c.baud = 14400;
  auto port = open_termios_port(pty.device, c);
  REQUIRE(!port.ok());
  CHECK(port.status().field() == "baud");
  CHECK(port.status().message().find("14400") != std::string::npos);
}
