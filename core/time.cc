// Business time conversions through Howard Hinnant's date/tz library; see time.h.
#include "core/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <sstream>

namespace kopilka::core {

namespace {
using Seconds = std::chrono::seconds;
using SysSeconds = date::sys_seconds;

// Writes n (0..10^digits-1) as exactly `digits` decimal digits, zero-padded.
char* put_digits(char* out, unsigned n, int digits) {
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + n % 10);
    n /= 10;
  }
  return out + digits;
}

bool two_digits(std::string_view s, std::size_t pos, int& out) {
  if (pos + 2 > s.size()) return false;
  char a = s[pos], b = s[pos + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return false;
  out = (a - '0') * 10 + (b - '0');
  return true;
}

// Parses "YYYY-MM-DD" at the start of `s`; 10 characters.
Result<Day> parse_date_prefix(std::string_view s) {
  const Status bad = Status::invalid("is not a date (YYYY-MM-DD)");
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return bad;
  int y1, y2, m, d;
  if (!two_digits(s, 0, y1) || !two_digits(s, 2, y2) || !two_digits(s, 5, m) ||
      !two_digits(s, 8, d))
    return bad;
  date::year_month_day ymd{date::year{y1 * 100 + y2}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return Status::invalid("is not a valid calendar date");
  return static_cast<Day>(date::sys_days{ymd}.time_since_epoch().count());
}
}  // namespace

Result<Zone> locate_zone(std::string_view name) {
  try {
    return Zone{date::locate_zone(std::string(name))};
  } catch (const std::exception&) {
    return Status::invalid("unknown time zone \"" + std::string(name) + "\"");
  }
}

Result<Instant> parse_rfc3339(std::string_view s) {
  const Status bad = Status::invalid("is not an RFC 3339 time (2026-11-24T12:00:00+03:00)");
  auto day = parse_date_prefix(s);
  if (!day) return bad;
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
      s[16] != ':')
    return bad;
  int hh, mm, ss;
  if (!two_digits(s, 11, hh) || !two_digits(s, 14, mm) || !two_digits(s, 17, ss)) return bad;
  if (hh > 23 || mm > 59 || ss > 60) return bad;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start || pos - start > 9) return bad;
  }
  if (pos >= s.size()) return bad;
  long offset = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (pos + 6 != s.size() || s[pos + 3] != ':' || !two_digits(s, pos + 1, oh) ||
        !two_digits(s, pos + 4, om) || oh > 23 || om > 59)
      return bad;
    offset = (oh * 60L + om) * 60L * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad;
  }
  if (pos != s.size()) return bad;
  if (ss == 60) ss = 59;  // a leap second is the last second of its minute
  return static_cast<Instant>(*day) * 86400 + hh * 3600L + mm * 60L + ss - offset;
}

bool is_business_time(Instant at) {
  return at >= kEarliestBusinessTime && at < kEndOfBusinessTime;
}

Result<Instant> parse_business_time(std::string_view text) {
  auto at = parse_rfc3339(text);
  if (!at) return at;
  if (!is_business_time(*at))
    return Status::invalid("must be from 2000-01-01T00:00:00Z to 2199-12-31T23:59:59Z");
  return at;
}

Result<Instant> clock_business_time(Instant now) {
  if (is_business_time(now)) return now;
  const Instant day = now / 86400 - (now % 86400 < 0 ? 1 : 0);
  return Status::invalid("the register's clock reads " + format_date(static_cast<Day>(day)) +
                             " (UTC), outside 2000-2199: set the date and time (timedatectl), "
                             "or send at",
                         "at");
}

std::string format_rfc3339(Instant at, Zone zone) {
  auto tp = SysSeconds{Seconds{at}};
  auto info = zone.tz->get_info(tp);
  long off = static_cast<long>(info.offset.count());
  std::int64_t local = at + off;
  std::int64_t day = local / 86400 - (local % 86400 < 0 ? 1 : 0);
  std::int64_t second = local - day * 86400;
  std::string out;
  if (int year = civil_from_day(static_cast<Day>(day)).year; year < 0 || year > 9999) {
    std::ostringstream stream;  // date::format's spelling, which %F does not share there
    stream << date::format("%Y-%m-%dT%H:%M:%S",
                           date::local_seconds{(tp + info.offset).time_since_epoch()});
    out = stream.str();
  } else {
    out = format_date(static_cast<Day>(day));
    char buf[9];
    put_digits(buf, static_cast<unsigned>(second / 3600), 2);
    buf[2] = ':';
    put_digits(buf + 3, static_cast<unsigned>(second / 60 % 60), 2);
    buf[5] = ':';
    put_digits(buf + 6, static_cast<unsigned>(second % 60), 2);
    out += 'T';
    out.append(buf, sizeof buf - 1);
  }
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%c%02ld:%02ld", sign, off / 3600, (off % 3600) / 60);
  out += buf;
  return out;
}

Result<Day> parse_date(std::string_view text) {
  if (text.size() != 10) return Status::invalid("is not a date (YYYY-MM-DD)");
  return parse_date_prefix(text);
}

// Dates are written for every card state and journal entry (many per entry at head
// office), so the usual years are printed digit by digit: date::format builds a stream and
// its locale per call. Years outside 0..9999 keep date::format's spelling.
std::string format_date(Day day) {
  CivilDate d = civil_from_day(day);
  if (d.year < 0 || d.year > 9999) return date::format("%F", date::sys_days{date::days{day}});
  char buf[10];
  char* p = put_digits(buf, static_cast<unsigned>(d.year), 4);
  *p++ = '-';
  p = put_digits(p, d.month, 2);
  *p++ = '-';
  put_digits(p, d.day, 2);
  return std::string(buf, sizeof buf);
}

CivilDate civil_from_day(Day day) {
  date::year_month_day ymd{date::sys_days{date::days{day}}};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

Day day_from_civil(CivilDate d) {
  date::year_month_day ymd{date::year{d.year}, date::month{d.month}, date::day{d.day}};
  return static_cast<Day>(date::sys_days{ymd}.time_since_epoch().count());
}

namespace {
std::int64_t local_seconds_of(Instant at, Zone zone) {
  auto tp = SysSeconds{Seconds{at}};
  return at + zone.tz->get_info(tp).offset.count();
}
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
}  // namespace

Day local_day(Instant at, Zone zone) {
  return static_cast<Day>(floor_div(local_seconds_of(at, zone), 86400));
}

int local_minute_of_day(Instant at, Zone zone) {
  std::int64_t local = local_seconds_of(at, zone);
  return static_cast<int>((local - floor_div(local, 86400) * 86400) / 60);
}

int weekday(Day day) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((static_cast<std::int64_t>(day) % 7) + 7 + 3) % 7);
}

Instant start_of_day(Day day, Zone zone) {
  auto local = date::local_seconds{date::days{day}};
  auto info = zone.tz->get_info(local);
  // A day that starts in a gap (DST at midnight) begins at the gap's end.
  if (info.result == date::local_info::nonexistent) {
    return info.second.begin.time_since_epoch().count();
  }
  return (local - info.first.offset).time_since_epoch().count();
}

}  // namespace kopilka::core
