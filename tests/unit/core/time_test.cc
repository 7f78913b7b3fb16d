// Tests of core/time: RFC 3339, local days and clock times in the business zone.
#include "core/time.h"

#include <doctest/doctest.h>

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
