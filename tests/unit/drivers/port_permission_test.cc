// drivers/port_permission: a port the service user may not open is explained by its group.
// A port of root's group (a pty, a device no udev rule gave a group) was said to need the
// dialout group for the user, which would not have helped.
#include <doctest/doctest.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "drivers/port_permission.h"
#include "test_support/temp_dir.h"

using kopilka::drivers::permission_denied_text;

TEST_CASE("a port no group may use is to be given dialout; one of dialout, its user joined") {
  kopilka::test::TempDir dir{"kopilka-port-permission"};
  const std::string port = (dir.path / "ttyUSB9").string();
  std::ofstream(port).put('\n');
  REQUIRE(::chmod(port.c_str(), 0600) == 0);
  if (::geteuid() == 0) REQUIRE(::chown(port.c_str(), 0, 0) == 0);
  const std::string closed = permission_denied_text(port);
  CHECK(closed.find(port + " is ") != std::string::npos);
  CHECK(closed.find("mode 0600") != std::string::npos);
  CHECK(closed.find("give the port the dialout group") != std::string::npos);
  CHECK(closed.find("is not in the") == std::string::npos);
  const group* dialout = ::getgrnam("dialout");
  if (::geteuid() == 0 && dialout) {
    REQUIRE(::chown(port.c_str(), 0, dialout->gr_gid) == 0);
    REQUIRE(::chmod(port.c_str(), 0660) == 0);
    CHECK(permission_denied_text(port) ==
          "permission denied: the service user is not in the dialout group (" + port + ")");
  }
  // Gone by the time it is explained: the words as before.
  CHECK(permission_denied_text(port + "-gone").find("dialout group") != std::string::npos);
}
