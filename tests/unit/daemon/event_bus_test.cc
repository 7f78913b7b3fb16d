// Tests of daemon/event_bus: numbering from 1, retention of the last 1000 events, waiting
// polls answered by the next event or by their timer, and cursors from before a restart.
#include "daemon/event_bus.h"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>

using namespace kopilka;

namespace {

struct Bus {
  asio::io_context io;
  daemon::EventBus bus{io, [](const std::string& card) { return card == "2000000000015"; },
                       [] { return std::string("2026-11-24T12:00:00+03:00"); }};
  std::optional<common::HttpResponse> answer;

  void poll(std::int64_t after, int wait_s) {
    answer.reset();
    bus.poll(after, wait_s, [this](common::HttpResponse r) { answer = std::move(r); });
  }
  void scan(const std::string& card) {
    drivers::ScanEvent e;
    e.type = drivers::ScanEvent::Type::kCardScanned;
    e.scanner = "front";
    e.card = card;
    e.source = "ean13";
    bus.on_scan_event(e);
  }
};

}  // namespace

TEST_CASE("a scan becomes a numbered event and answers a waiting poll at once") {
  Bus b;
  b.poll(0, 25);
  CHECK_FALSE(b.answer.has_value());
  b.scan("2000000000015");
  REQUIRE(b.answer.has_value());
  CHECK(b.answer->body == core::Json::parse(R"({"events": [{"seq": 1, "type": "card_scanned",
      "at": "2026-11-24T12:00:00+03:00", "scanner": "front", "card": "2000000000015",
      "source": "ean13", "known": true}], "last_seq": 1})"));
  b.scan("4006381333931");
  b.poll(1, 25);
  REQUIRE(b.answer.has_value());
  REQUIRE(b.answer->body["events"].size() == 1);
  CHECK(b.answer->body["events"][0]["seq"] == 2);
  CHECK(b.answer->body["events"][0]["known"] == false);
}

TEST_CASE("a rejected scan carries its reason, never the data") {
  Bus b;
  drivers::ScanEvent e;
  e.type = drivers::ScanEvent::Type::kScanRejected;
  e.scanner = "front";
  e.reason = "payment_card";
  b.bus.on_scan_event(e);
  b.poll(0, 0);
  REQUIRE(b.answer.has_value());
  auto ev = b.answer->body["events"][0];
  CHECK(ev["type"] == "scan_rejected");
  CHECK(ev["reason"] == "payment_card");
  CHECK_FALSE(ev.contains("card"));
}

TEST_CASE("the last 1000 events are retained") {
  Bus b;
  for (int i = 0; i < 1500; ++i) b.scan("2000000000015");
  b.poll(0, 0);
  REQUIRE(b.answer.has_value());
  const auto& events = b.answer->body["events"];
  REQUIRE(events.size() == 1000);
  CHECK(events.front()["seq"] == 501);
  CHECK(events.back()["seq"] == 1500);
  CHECK(b.answer->body["last_seq"] == 1500);
}

TEST_CASE("a cursor from before a restart counts as the start") {
  Bus b;
  b.poll(500, 25);  // the POS saw seq 500 from the daemon's previous run
  CHECK_FALSE(b.answer.has_value());
  b.scan("2000000000015");
  REQUIRE(b.answer.has_value());
  REQUIRE(b.answer->body["events"].size() == 1);
  CHECK(b.answer->body["events"][0]["seq"] == 1);
}

TEST_CASE("a poll with nothing new answers empty when its wait ends, without blocking") {
  Bus b;
  b.scan("2000000000015");
  b.poll(1, 1);
  CHECK_FALSE(b.answer.has_value());
  auto started = std::chrono::steady_clock::now();
  b.io.run_for(std::chrono::seconds(3));
  REQUIRE(b.answer.has_value());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(2500));
  CHECK(b.answer->body == core::Json::parse(R"({"events": [], "last_seq": 1})"));
}

TEST_CASE("shutdown answers every waiting poll") {
  Bus b;
  b.poll(0, 60);
  b.bus.release_all();
  REQUIRE(b.answer.has_value());
  CHECK(b.answer->body["events"].empty());
}
