// The fleet's pure rules: a register's state from its last contact, sync interval and
// revoke (docs/office.md "Stores and the register fleet"), and how the headers a register
// reports with each sync call are read (docs/sync.md "What a register reports").
#include <doctest/doctest.h>

#include "office/fleet.h"

using namespace kopilka;
using office::FleetRegister;
using office::register_state;

namespace {

constexpr core::Instant kFleetNow = 1'800'000'000;

FleetRegister heard(std::optional<core::Instant> ago, std::optional<std::int64_t> interval) {
  FleetRegister r;
  r.id = "r-1";
  r.created = kFleetNow - 10 * 86400;
  r.enrolled = kFleetNow - 9 * 86400;
  if (ago) r.last_contact = kFleetNow - *ago;
  r.sync_interval_s = interval;
  return r;
}

// A sync call's request carrying the four report headers.
common::HttpRequest reporting(std::string version, std::string pending, std::string clock,
                              std::string interval) {
  common::HttpRequest req{};
  req.register_version = std::move(version);
  req.register_pending = std::move(pending);
  req.register_clock = std::move(clock);
  req.register_sync_interval = std::move(interval);
  return req;
}

}  // namespace

TEST_CASE("a register is lagging after 3 sync intervals without contact, silent after 24 h") {
  CHECK(std::string(register_state(heard(0, 60), kFleetNow)) == "ok");
  CHECK(std::string(register_state(heard(179, 60), kFleetNow)) == "ok");
  CHECK(std::string(register_state(heard(180, 60), kFleetNow)) == "lagging");
  CHECK(std::string(register_state(heard(86399, 60), kFleetNow)) == "lagging");
  CHECK(std::string(register_state(heard(86400, 60), kFleetNow)) == "silent");
  // Silent wins over lagging even for a register that syncs twice a day.
  CHECK(std::string(register_state(heard(86400, 43200), kFleetNow)) == "silent");
  CHECK(std::string(register_state(heard(86399, 43200), kFleetNow)) == "ok");
}

TEST_CASE("a register that never said its interval is taken to sync every 300 s") {
  CHECK(std::string(register_state(heard(899, std::nullopt), kFleetNow)) == "ok");
  CHECK(std::string(register_state(heard(900, std::nullopt), kFleetNow)) == "lagging");
}

TEST_CASE("never heard from: counted from enrolment, or from creation while the code waits") {
  FleetRegister r = heard(std::nullopt, std::nullopt);
  CHECK(std::string(register_state(r, kFleetNow)) == "silent");  // enrolled 9 days ago
  r.enrolled = kFleetNow - 100;
  CHECK(std::string(register_state(r, kFleetNow)) == "ok");
  r.enrolled.reset();
  r.created = kFleetNow - 1000;
  CHECK(std::string(register_state(r, kFleetNow)) == "lagging");
}

TEST_CASE("a revoked register is revoked whatever its contact") {
  FleetRegister r = heard(0, 60);
  r.revoked = kFleetNow - 5;
  CHECK(std::string(register_state(r, kFleetNow)) == "revoked");
  r.last_contact = kFleetNow - 2 * 86400;
  CHECK(std::string(register_state(r, kFleetNow)) == "revoked");
}

TEST_CASE("the report headers are read leniently: what does not read is left out") {
  auto r = office::read_register_report(reporting("0.1.0", "17", "1800000042", "300"));
  CHECK(r.version == std::optional<std::string>("0.1.0"));
  CHECK(r.pending == std::optional<std::int64_t>(17));
  CHECK(r.clock == std::optional<core::Instant>(1800000042));
  CHECK(r.sync_interval_s == std::optional<std::int64_t>(300));

  CHECK(office::read_register_report(reporting("0.1.0", "17", "2027-01-15T11:00:00+03:00", "300"))
            .clock == std::optional<core::Instant>(1800000000));

  auto b = office::read_register_report(reporting("0.1.0\r\nX: y", "-1", "yesterday", "0"));
  CHECK_FALSE(b.version);
  CHECK_FALSE(b.pending);
  CHECK_FALSE(b.clock);
  CHECK_FALSE(b.sync_interval_s);
  CHECK_FALSE(office::read_register_report(common::HttpRequest{}).version);
}
