// Tests of common/duration: the one duration grammar of Kopilka's config files, and the
// seconds-only reading of it that [office] sync_interval uses.
#include "common/duration.h"

#include <doctest/doctest.h>

#include <string>

#include "common/config_util.h"

using kopilka::common::parse_duration;
using kopilka::common::read_duration;
using std::chrono::milliseconds;

TEST_CASE("a duration is whole digits and one of ms, s, m, h") {
  CHECK(read_duration("50ms") == milliseconds(50));
  CHECK(read_duration("0ms") == milliseconds(0));
  CHECK(read_duration("2s") == milliseconds(2000));
  CHECK(read_duration("5m") == milliseconds(300000));
  CHECK(read_duration("24h") == milliseconds(86400000));
  CHECK(read_duration("007s") == milliseconds(7000));
  CHECK(read_duration("99999999999h") == milliseconds(99999999999LL * 3600000));  // 11 digits
}

TEST_CASE("anything else is not a duration") {
  for (const char* bad : {"", "s", "ms", "30", "1.5s", "-5s", "+5s", " 5s", "5s ", "5 s", "5S",
                          "5sec", "5d", "5msx", "1e3ms", "999999999999s"}) {
    std::string text = bad;
    CAPTURE(text);
    CHECK_FALSE(read_duration(bad).has_value());
  }
}

TEST_CASE("a duration in seconds takes s, m or h only, with the same error text") {
  CHECK(*parse_duration("30s", "office.sync_interval") == 30);
  CHECK(*parse_duration("5m", "office.sync_interval") == 300);
  CHECK(*parse_duration("2h", "office.sync_interval") == 7200);
  // The spec's sync_interval is "an integer and s, m or h": no second spelling of "10s".
  for (const char* bad : {"10000ms", "1500ms", "0ms", "5 minutes", "5", "1.5h"}) {
    std::string text = bad;
    CAPTURE(text);
    auto d = parse_duration(bad, "office.sync_interval");
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().message() == "must be a duration like \"30s\", \"5m\" or \"2h\"");
    CHECK(d.status().field() == "office.sync_interval");
  }
}
