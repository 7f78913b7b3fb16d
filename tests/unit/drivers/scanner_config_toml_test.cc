// Tests of drivers/scanner_config_toml: a scanner's timings read with the config files'
// one duration grammar (common/duration.h), as milliseconds or a duration, range-checked.
#include <doctest/doctest.h>

#include <toml++/toml.h>

#include <string>
#include <utility>
#include <vector>

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
  // " 50ms" and "+50ms" were read as 50 ms before the grammar was one.
  for (const char* bad : {"\" 50ms\"", "\"+50ms\"", "\"50\"", "\"50 ms\"", "\"1.5\"", "\".5s\"",
                          "\"1.s\"", "\"1.5d\"", "\"1.5.5s\"", "\"1234567.5ms\"", "\"-1.5s\""}) {
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

TEST_CASE("a fractional timing is refused with the whole milliseconds to write instead") {
  // "1.5s" once loaded silently as 1000 ms.
  auto c = scanner("repeat_window = \"1.5s\"");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().field() == "repeat_window");
  CHECK(c.status().message() ==
        "\"1.5s\" has a fraction: write whole milliseconds, e.g. \"1500ms\"");
  for (auto [written, hint] : std::vector<std::pair<std::string, std::string>>{
           {"1,5s", "1500ms"},  // a decimal comma, as in Russian
           {"0.05s", "50ms"},
           {"2.5ms", "3ms"},  // rounded half up
           {"0.25m", "15000ms"},
           {"0.001h", "3600ms"},
           {"1.2345s", "1235ms"},
           {"999999.999999h", "3599999999996ms"}}) {
    CAPTURE(written);
    auto bad = scanner("frame_gap = \"" + written + "\"");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().field() == "frame_gap");
    CHECK(bad.status().message() ==
          "\"" + written + "\" has a fraction: write whole milliseconds, e.g. \"" + hint + "\"");
  }
}

TEST_CASE("an empty card_pattern is refused: it would refuse every scan") {
  auto empty = scanner("card_pattern = \"\"");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.status().field() == "card_pattern");
  CHECK(scanner("card_pattern = \"^[0-9]{13}$\"").ok());
}

TEST_CASE("the settings shown read back as the same scanner") {
  // `kopilka config show` writes each scanner in the table's own words: a technician may
  // paste them into the file and get the scanner they saw.
  auto c = scanner(
      "baud = 19200\ndata_bits = 7\nparity = \"even\"\nstop_bits = 2\nflow = \"rtscts\"\n"
      "kind = \"msr\"\nterminator = \"etx\"\nprefix = \"\\\\x02\"\naim_ids = \"none\"\n"
      "frame_gap = \"2s\"\nrepeat_window = 0\ncard_pattern = \"^7[0-9]{12}$\"\n"
      "card_check = \"ean\"");
  REQUIRE(c.ok());
  kopilka::core::Json shown = kopilka::drivers::scanner_config_to_json(*c);
  CHECK(shown["frame_gap"] == "2000ms");
  CHECK(shown["parity"] == "even");
  CHECK(shown["prefix"] == "\x02");
  toml::table again;
  for (const auto& [key, value] : shown.items()) {
    if (value.is_number_integer())
      again.insert(key, value.get<std::int64_t>());
    else
      again.insert(key, value.get<std::string>());
  }
  auto back = scanner_config_from_toml(again);
  REQUIRE(back.ok());
  CHECK(kopilka::drivers::scanner_config_to_json(*back) == shown);
  CHECK(back->prefix == "\x02");
  CHECK(back->aim_ids == false);
  CHECK(back->flow == kopilka::drivers::Flow::kRtsCts);
}
