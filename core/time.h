// Business time: instants are Unix seconds (UTC); days, weekdays and clock times are
// taken in the register's configured time zone. Core never reads a clock: every
// operation receives its instant `at` from the caller.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace date {
class time_zone;
}

namespace kopilka::core {

using Instant = std::int64_t;  // seconds since 1970-01-01T00:00:00Z
using Day = std::int32_t;      // local calendar day, counted from 1970-01-01

// How far a register's clock may be from head office's before its days (burn dates, happy
// hours, birthdays) may be wrong: kopilka doctor warns, head office's fleet flags it.
inline constexpr Instant kMaxClockSkew = 120;

// The business zone. `tz` is owned by the date library's database and lives forever.
struct Zone {
  const date::time_zone* tz = nullptr;
};

// Looks a zone up by IANA name ("Europe/Moscow"). The only function here that touches the
// system's zone database; call it at configuration time.
Result<Zone> locate_zone(std::string_view name);

// RFC 3339 with an explicit offset or Z: "2026-11-24T12:00:00+03:00". Fractions of a
// second are accepted and dropped.
Result<Instant> parse_rfc3339(std::string_view text);
// The business times a register, its journal and head office accept (docs/api.md "Times"):
// 2000-01-01T00:00:00Z up to, not including, 2200-01-01T00:00:00Z. Dates derived from
// them (a burn date at most 36600 days later, a voucher's last day) then stay within
// four-digit years, which every reader of a card state or journal entry parses.
constexpr Instant kEarliestBusinessTime = 946684800;  // 2000-01-01T00:00:00Z
constexpr Instant kEndOfBusinessTime = 7258118400;    // 2200-01-01T00:00:00Z
bool is_business_time(Instant at);
// parse_rfc3339, then refused with a clear message outside the business times.
Result<Instant> parse_business_time(std::string_view text);
// The clock's `now` as the business time of an operation that gives none. A clock outside
// the business times (a dead CMOS battery reads 1970) would journal what head office then
// refuses at every sync: kInvalid naming "at", saying to set the clock or send `at`.
Result<Instant> clock_business_time(Instant now);

// Formats in the business zone with its offset: "2026-11-24T12:00:00+03:00".
std::string format_rfc3339(Instant at, Zone zone);

// A bare date "2026-11-24".
Result<Day> parse_date(std::string_view text);
std::string format_date(Day day);

struct CivilDate {
  int year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};
CivilDate civil_from_day(Day day);
Day day_from_civil(CivilDate date);  // requires a valid date

// The local calendar day of `at` in `zone`.
Day local_day(Instant at, Zone zone);
// Minutes since local midnight (0..1439) of `at` in `zone`.
int local_minute_of_day(Instant at, Zone zone);
// 0 = Monday … 6 = Sunday, of a local day.
int weekday(Day day);
// The instant local midnight of `day` begins in `zone` (the first instant of that day).
Instant start_of_day(Day day, Zone zone);

}  // namespace kopilka::core
