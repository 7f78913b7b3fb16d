// Tests of core/time: RFC 3339, local days and clock times in the business zone.
#include "core/time.h"

#include <date/date.h>
#include <date/tz.h>
#include <doctest/doctest.h>

#include <sstream>

using namespace kopilka::core;

TEST_CASE("RFC 3339 parses with offsets and formats in the business zone") {
  auto moscow = *locate_zone("Europe/Moscow");
  auto at = parse_rfc3339("2026-11-24T12:00:00+03:00");
  REQUIRE(at.ok());
  CHECK(*at == *parse_rfc3339("2026-11-24T09:00:00Z"));
  CHECK(*at == *parse_rfc3339("2026-11-24T09:00:00.123456Z"));
  CHECK(format_rfc3339(*at, moscow) == "2026-11-24T12:00:00+03:00");
  CHECK_FALSE(parse_rfc3339("2026-11-24 12:00").ok());
  CHECK_FALSE(parse_rfc3339("2026-02-30T12:00:00Z").ok());
  CHECK_FALSE(parse_rfc3339("2026-11-24T12:00:00+03:00x").ok());
  CHECK_FALSE(parse_rfc3339("").ok());
  CHECK_FALSE(locate_zone("Mars/Olympus").ok());
}

TEST_CASE("local day, minute and weekday follow the zone") {
  auto moscow = *locate_zone("Europe/Moscow");
  // 22:30 UTC on the 23rd is 01:30 on the 24th in Moscow.
  auto at = *parse_rfc3339("2026-11-23T22:30:00Z");
  CHECK(format_date(local_day(at, moscow)) == "2026-11-24");
  CHECK(local_minute_of_day(at, moscow) == 90);
  CHECK(weekday(*parse_date("2026-11-23")) == 0);  // a Monday
  CHECK(weekday(*parse_date("2026-11-29")) == 6);  // a Sunday
  CHECK(start_of_day(*parse_date("2026-11-24"), moscow) == *parse_rfc3339("2026-11-23T21:00:00Z"));
  auto d = civil_from_day(*parse_date("2028-02-29"));
  CHECK(d.year == 2028);
  CHECK(d.month == 2u);
  CHECK(d.day == 29u);
  CHECK(day_from_civil({2028, 2, 29}) == *parse_date("2028-02-29"));
}

TEST_CASE("dates and times are spelled as date::format spells them") {
  // From year 0 through 9999 digit by digit, beyond that by date::format itself.
  for (Day day = -800000; day <= 3000000; day += 37) {
    CAPTURE(day);
    REQUIRE(format_date(day) == date::format("%F", date::sys_days{date::days{day}}));
  }
  CHECK(format_date(0) == "1970-01-01");
  CHECK(format_date(*parse_date("0000-01-01")) == "0000-01-01");
  CHECK(format_date(*parse_date("9999-12-31")) == "9999-12-31");
  CHECK(format_date(*parse_date("9999-12-31") + 1) == "10000-01-01");
  for (const char* name : {"Europe/Moscow", "America/New_York", "Asia/Kathmandu", "UTC"}) {
    auto zone = *locate_zone(name);
    for (Instant at = -70000000000; at <= 300000000000; at += 86400 * 977 + 3607) {
      CAPTURE(name);
      CAPTURE(at);
      auto tp = date::sys_seconds{std::chrono::seconds{at}};
      auto info = zone.tz->get_info(tp);
      std::ostringstream want;
      want << date::format("%Y-%m-%dT%H:%M:%S",
                           date::local_seconds{(tp + info.offset).time_since_epoch()});
      long off = static_cast<long>(info.offset.count());
      char buf[40];
      std::snprintf(buf, sizeof buf, "%c%02ld:%02ld", off < 0 ? '-' : '+', std::labs(off) / 3600,
                    (std::labs(off) % 3600) / 60);
      REQUIRE(format_rfc3339(at, zone) == want.str() + buf);
    }
  }
  auto moscow = *locate_zone("Europe/Moscow");
  CHECK(format_rfc3339(*parse_rfc3339("2026-11-23T22:30:05Z"), moscow) ==
        "2026-11-24T01:30:05+03:00");
  CHECK(format_rfc3339(*parse_rfc3339("1969-12-31T23:59:59Z"), *locate_zone("UTC")) ==
        "1969-12-31T23:59:59+00:00");
}

TEST_CASE("business times are 2000-01-01 up to 2200-01-01 UTC") {
  CHECK(parse_business_time("2000-01-01T00:00:00Z").ok());
  CHECK(parse_business_time("2199-12-31T23:59:59Z").ok());
  CHECK(parse_business_time("2200-01-01T02:59:59+03:00").ok());
  CHECK_FALSE(parse_business_time("2200-01-01T00:00:00Z").ok());
  CHECK_FALSE(parse_business_time("1999-12-31T23:59:59Z").ok());
  CHECK_FALSE(parse_business_time("9999-12-31T22:00:00Z").ok());
  CHECK(parse_business_time("9999-12-31T22:00:00Z").status().code() == Code::kInvalid);
  // The latest business time plus the longest lifetime (36600 days) is still a
  // four-digit year: its date reads back.
  Day last = local_day(kEndOfBusinessTime - 1, *locate_zone("Asia/Kamchatka")) + 36600;
  auto back = parse_date(format_date(last));
  REQUIRE(back.ok());
  CHECK(*back == last);
}
