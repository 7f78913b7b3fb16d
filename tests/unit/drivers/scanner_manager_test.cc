// Tests of drivers/scanner_manager with a fake port opener and a manual clock: reconnect
// backoff, a port that vanishes and comes back, hot-plug, frames becoming scan events, and
// one scanner's trouble leaving the others alone. Real ports are tested by the integration
// tests (test_scanners, test_reliability_serial) over socat ptys.
#include "drivers/scanner_manager.h"

#include <doctest/doctest.h>

#include <chrono>
#include <vector>

#include "fakes/fake_port.h"
#include "fakes/manual_clock.h"

using namespace kopilka;
using drivers::ScanEvent;
using std::chrono::milliseconds;
using Type = ScanEvent::Type;

namespace {

struct RecordingSink final : drivers::ScanEventSink {
  std::vector<ScanEvent> events;
  void on_scan_event(const ScanEvent& event) override { events.push_back(event); }
};

drivers::ScannerConfig managed_scanner(const std::string& name) {
  drivers::ScannerConfig c;
  c.name = name;
  c.port = "/dev/serial/by-id/" + name;
  return c;
}

// A manager on fakes, with the loop run only as far as a test needs.
struct Rig {
  asio::io_context io;
  fakes::ManualClock clock;
  fakes::FakePortOpener opener;
  RecordingSink sink;
  std::unique_ptr<drivers::ScannerManager> manager;

  explicit Rig(std::vector<drivers::ScannerConfig> configs = {managed_scanner("front")}) {
    manager =
        std::make_unique<drivers::ScannerManager>(io, std::move(configs), sink, opener, clock);
  }
  ~Rig() { manager.reset(); }
  // Runs the loop until `n` events have been reported (reads are real pipe reads).
  bool run_until_events(std::size_t n) {
    io.restart();  // the loop stops whenever no read is pending (timers are the clock's)
    for (int i = 0; i < 400 && sink.events.size() < n; ++i) io.run_one_for(milliseconds(5));
    return sink.events.size() >= n;
  }
  drivers::ScannerHealth health(std::size_t i = 0) const { return manager->health().at(i); }
  std::vector<milliseconds> waits() const {
    std::vector<milliseconds> out;
    for (const auto& w : clock.waits) out.push_back(w.after);
    return out;
  }
};

std::vector<milliseconds> ms(std::initializer_list<int> values) {
  std::vector<milliseconds> out;
  for (int v : values) out.push_back(milliseconds(v));
  return out;
}

}  // namespace

TEST_CASE("a port that does not open is retried after 250 ms, doubling up to 2 s") {
  Rig rig;
  rig.opener.present = false;
  rig.manager->start();
  CHECK(rig.opener.attempts.size() == 1);
  CHECK(rig.health().state == "waiting");
  CHECK(rig.health().message == "/dev/serial/by-id/front is not there");
  for (int i = 0; i < 5; ++i) REQUIRE(rig.clock.fire_next());
  CHECK(rig.opener.attempts.size() == 6);
  CHECK(rig.waits() == ms({250, 500, 1000, 2000, 2000, 2000}));
  CHECK(rig.sink.events.empty());
}

TEST_CASE("a hot-plugged port is picked up at the next retry, and the backoff starts over") {
  Rig rig;
  rig.opener.present = false;
  rig.manager->start();
  rig.clock.advance(milliseconds(1700));  // attempts at 0, 250, 750, 1750 (not yet)
  CHECK(rig.opener.attempts.size() == 3);
  rig.opener.present = true;  // plugged in
  CHECK(rig.clock.next_due_in() == milliseconds(50));
  rig.clock.advance(milliseconds(50));
  CHECK(rig.opener.attempts.size() == 4);
  REQUIRE(rig.sink.events.size() == 1);
  CHECK(rig.sink.events[0].type == Type::kConnected);
  CHECK(rig.sink.events[0].scanner == "front");
  CHECK(rig.health().state == "connected");
  CHECK(rig.health().message.empty());
  CHECK(rig.clock.pending() == 0);  // connected: no retry waits
  // Unplugged again: the first retry is 250 ms again, not where the backoff had got to.
  rig.opener.line().unplug();
  REQUIRE(rig.run_until_events(2));
  CHECK(rig.clock.next_due_in() == milliseconds(250));
}

TEST_CASE("a port that disappears is reported, closed and reopened") {
  Rig rig;
  rig.manager->start();
  REQUIRE(rig.opener.lines.size() == 1);
  // Half a frame read before the unplug: forgotten, not glued to the first scan after it.
  CHECK(rig.opener.line().send("20000"));
  rig.io.restart();
  for (int i = 0; i < 400 && rig.clock.pending() == 0; ++i) rig.io.run_one_for(milliseconds(5));
  REQUIRE(rig.clock.pending() == 1);
  rig.opener.line().unplug();
  REQUIRE(rig.run_until_events(2));
  CHECK(rig.sink.events[1].type == Type::kDisconnected);
  CHECK(rig.sink.events[1].reason == "End of file");
  CHECK(rig.health().state == "waiting");
  CHECK(rig.health().message == "disconnected: End of file");
  CHECK(rig.opener.lines[0]->port_closed);
  // Back after 250 ms on a fresh port, which reads as the first one did.
  CHECK(rig.clock.next_due_in() == milliseconds(250));
  rig.clock.advance(milliseconds(250));
  REQUIRE(rig.opener.lines.size() == 2);
  REQUIRE(rig.sink.events.size() == 3);
  CHECK(rig.sink.events[2].type == Type::kConnected);
  CHECK(rig.opener.line().send("2000000000015\r"));
  REQUIRE(rig.run_until_events(4));
  CHECK(rig.sink.events[3].type == Type::kCardScanned);
  CHECK(rig.sink.events[3].card == "2000000000015");
}

TEST_CASE("a port still missing after it disappeared is not reported disconnected twice") {
  Rig rig;
  rig.manager->start();
  rig.opener.present = false;
  rig.opener.line().unplug();
  REQUIRE(rig.run_until_events(2));
  rig.clock.advance(milliseconds(10000));
  CHECK(rig.sink.events.size() == 2);
  CHECK(rig.health().message == "/dev/serial/by-id/front is not there");
  // The wait after a disconnect and the first one after it are both the first step.
  CHECK(rig.waits() == ms({250, 250, 500, 1000, 2000, 2000, 2000, 2000, 2000}));
}

TEST_CASE("permission denied is an error and is retried at the longest wait") {
  Rig rig;
  rig.opener.failures.push_back(core::Status::unavailable(
      "permission denied: the service user is not in the dialout group (/dev/ttyUSB0)"));
  rig.manager->start();
  CHECK(rig.health().state == "error");
  CHECK(rig.health().message.find("dialout") != std::string::npos);
  CHECK(rig.clock.next_due_in() == milliseconds(2000));
  rig.clock.advance(milliseconds(2000));
  CHECK(rig.health().state == "connected");
}

TEST_CASE("a setting the port cannot take is an error, not a scanner still awaited") {
  Rig rig;
  rig.opener.failures.push_back(core::Status::invalid(
      "/dev/ttyUSB0: baud 14400 cannot be set on this port; use 1200, 2400, 4800, 9600, 19200, "
      "38400, 57600, 115200, 230400, 460800 or 921600",
      "baud"));
  rig.manager->start();
  CHECK(rig.health().state == "error");
  CHECK(rig.health().message.find("baud 14400") != std::string::npos);
  CHECK(rig.clock.next_due_in() == milliseconds(2000));
}

TEST_CASE("frames read through the port become scan events, garbage is rejected") {
  Rig rig;
  rig.manager->start();
  auto& line = rig.opener.line();
  CHECK(line.send("2000000000015\r"));
  REQUIRE(rig.run_until_events(2));
  CHECK(rig.sink.events[1].type == Type::kCardScanned);
  CHECK(rig.sink.events[1].scanner == "front");
  CHECK(rig.sink.events[1].card == "2000000000015");
  CHECK(rig.sink.events[1].source == "ean13");
  CHECK(line.send(std::string("\x01\xff\x13garbage", 10) + "\r"));
  REQUIRE(rig.run_until_events(3));
  CHECK(rig.sink.events[2].type == Type::kScanRejected);
  CHECK(rig.sink.events[2].reason == "garbage");
  CHECK(rig.sink.events[2].card.empty());
  CHECK(line.send(";E?\r"));
  REQUIRE(rig.run_until_events(4));
  CHECK(rig.sink.events[3].reason == "read_error");
  // Garbage does not cost the connection.
  CHECK(rig.health().state == "connected");
}

TEST_CASE("a frame without a terminator ends after the frame gap, on the clock") {
  Rig rig;
  rig.manager->start();
  CHECK(rig.opener.line().send("2000000000022"));
  rig.io.restart();
  for (int i = 0; i < 400 && rig.clock.pending() == 0; ++i) rig.io.run_one_for(milliseconds(5));
  CHECK(rig.clock.next_due_in() == milliseconds(50));
  CHECK(rig.sink.events.size() == 1);  // connected only: the frame waits
  rig.clock.advance(milliseconds(50));
  REQUIRE(rig.sink.events.size() == 2);
  CHECK(rig.sink.events[1].card == "2000000000022");
}

TEST_CASE("the same card twice within the repeat window is one scan, on the clock") {
  Rig rig;
  rig.manager->start();
  CHECK(rig.opener.line().send("2000000000015\r"));
  REQUIRE(rig.run_until_events(2));
  rig.clock.advance(milliseconds(1000));
  CHECK(rig.opener.line().send("2000000000015\r2000000000022\r"));
  REQUIRE(rig.run_until_events(3));
  CHECK(rig.sink.events[2].card == "2000000000022");
  rig.clock.advance(milliseconds(1500));
  CHECK(rig.opener.line().send("2000000000015\r"));
  REQUIRE(rig.run_until_events(4));
  CHECK(rig.sink.events[3].card == "2000000000015");
}

TEST_CASE("one scanner missing leaves the others working") {
  Rig rig({managed_scanner("front"), managed_scanner("back")});
  rig.opener.absent.insert("/dev/serial/by-id/front");
  rig.manager->start();
  CHECK(rig.health(0).state == "waiting");
  CHECK(rig.health(1).state == "connected");
  REQUIRE(rig.opener.lines.size() == 1);
  CHECK(rig.opener.line().send("2000000000015\r"));
  REQUIRE(rig.run_until_events(2));
  CHECK(rig.sink.events[1].scanner == "back");
  CHECK(rig.sink.events[1].card == "2000000000015");
}

TEST_CASE("stop closes the ports and cancels the retries") {
  Rig rig({managed_scanner("front"), managed_scanner("back")});
  rig.opener.absent.insert("/dev/serial/by-id/back");
  rig.manager->start();
  CHECK(rig.clock.pending() == 1);
  rig.manager->stop();
  CHECK(rig.opener.lines[0]->port_closed);
  CHECK(rig.clock.pending() == 0);
  rig.manager->stop();  // twice is fine
  rig.clock.advance(milliseconds(10000));
  CHECK(rig.opener.attempts.size() == 2);
}
