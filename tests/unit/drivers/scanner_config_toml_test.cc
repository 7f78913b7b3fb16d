// Tests of drivers/scanner_config_toml: a scanner's timings read with the config files'
// one duration grammar (common/duration.h), as milliseconds or a duration, range-checked.
#include <doctest/doctest.h>

#include <toml++/toml.h>

#include "drivers/scanner_config.h"

using kopilka::drivers::scanner_config_from_toml;

namespace {

kopilka::core::Result<kopilka::drivers::ScannerConfig> scanner(const std::string& timing) {
  toml::table t = toml::parse("name = \"front\"\nport = \"/dev/ttyACM0\"\n" + timing + "\n");
  return scanner_config_from_toml(t);
}

}  // namespace

TEST_CASE("frame_gap and repeat_window take milliseconds or a duration") {
  CHECK(scanner("frame_gap = 80")->frame_gap_ms == 80);
  CHECK(scanner("frame_gap = \"80ms\"")->frame_gap_ms == 80);
  CHECK(scanner("frame_gap = \"2s\"")->frame_gap_ms == 2000);
  CHECK(scanner("repeat_window = \"0ms\"")->repeat_window_ms == 0);
  CHECK(scanner("repeat_window = \"1m\"")->repeat_window_ms == 60000);
}

TEST_CASE("a timing that is not a whole duration is refused with the key named") {
  // "1.5s" was read as 1 s, and " 50ms" and "+50ms" as 50 ms, before the grammar was one.
  for (const char* bad : {"\"1.5s\"", "\" 50ms\"", "\"+50ms\"", "\"50\"", "\"50 ms\""}) {
    std::string text = bad;
    CAPTURE(text);
    auto c = scanner(std::string("frame_gap = ") + bad);
    REQUIRE_FALSE(c.ok());
    CHECK(c.status().field() == "frame_gap");
    CHECK(c.status().message() == "must be milliseconds (50) or a duration (\"50ms\", \"2s\")");
  }
  auto slow = scanner("frame_gap = \"6s\"");
  REQUIRE_FALSE(slow.ok());
  CHECK(slow.status().message() == "must be from 5 to 5000 ms");
  CHECK(scanner("repeat_window = \"2m\"").status().message() == "must be from 0 to 60000 ms");
}
