// The --check-config verdict (common/config_check.h): what each program prints and its
// exit code for a good and a bad config.
#include "common/config_check.h"

#include <doctest/doctest.h>

#include <sstream>

using kopilka::core::Status;

TEST_CASE("--check-config names the file and the key, and exits 2 when the config is bad") {
  std::ostringstream out, err;
  CHECK(kopilka::common::report_config_check("kopilka-office", "/etc/kopilka/office.toml",
                                             Status::ok(), out, err) == 0);
  CHECK(out.str() == "/etc/kopilka/office.toml: ok\n");
  CHECK(err.str().empty());
  out.str("");
  CHECK(kopilka::common::report_config_check("kopilka-office", "/etc/kopilka/office.toml",
                                             Status::invalid("unknown key", "colour"), out,
                                             err) == 2);
  CHECK(out.str().empty());
  CHECK(err.str() == "kopilka-office: /etc/kopilka/office.toml: colour: unknown key\n");
  err.str("");
  kopilka::common::report_config_check("kopilkad", "k.toml",
                                       Status::invalid("not valid TOML at line 1"), out, err);
  CHECK(err.str() == "kopilkad: k.toml: not valid TOML at line 1\n");
  err.str("");
  // A message that already names the file and line does not get the file twice.
  kopilka::common::report_config_check(
      "kopilkad", "/etc/k.toml",
      Status::invalid("must be a whole number from 1 to 1000000 kopecks (/etc/k.toml, line 4)",
                      "point_value"),
      out, err);
  CHECK(err.str() ==
        "kopilkad: point_value: must be a whole number from 1 to 1000000 kopecks (/etc/k.toml, "
        "line 4)\n");
}
