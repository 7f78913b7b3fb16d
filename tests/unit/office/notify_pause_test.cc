// The burn scan's pause for pushes: when it waits, when it goes, and that a push counts as
// in flight exactly until it is answered.
#include <doctest/doctest.h>

#include "office/notify_pause.h"

using namespace kopilka;
using std::chrono::milliseconds;

namespace {

const std::chrono::steady_clock::time_point kT0(std::chrono::seconds(1000));

bool must_wait(int in_flight, milliseconds since_end, milliseconds waited) {
  return office::scan_must_wait(in_flight, kT0, kT0 + since_end, waited, office::ScanPause{});
}

}  // namespace

TEST_CASE("the scan waits while a push is in flight and for 3 ms after one was answered") {
  CHECK(must_wait(1, milliseconds(50), milliseconds(0)));
  CHECK(must_wait(2, milliseconds(50), milliseconds(199)));
  CHECK(must_wait(0, milliseconds(0), milliseconds(0)));
  CHECK(must_wait(0, milliseconds(2), milliseconds(10)));
  CHECK_FALSE(must_wait(0, milliseconds(3), milliseconds(0)));
  CHECK_FALSE(must_wait(0, milliseconds(500), milliseconds(0)));
}

TEST_CASE("a stream of pushes without a break delays the scan 200 ms at most") {
  CHECK_FALSE(must_wait(1, milliseconds(0), milliseconds(200)));
  CHECK_FALSE(must_wait(0, milliseconds(1), milliseconds(250)));
  office::ScanPause longer{milliseconds(3), milliseconds(500)};
  CHECK(office::scan_must_wait(1, kT0, kT0, milliseconds(250), longer));
}

TEST_CASE("a push is in flight from its arrival until its answer, once, or until dropped") {
  office::PushActivity pushes;
  CHECK(pushes.in_flight() == 0);
  int answered = 0;
  auto respond = office::track_push(pushes, [&](common::HttpResponse) { ++answered; });
  CHECK(pushes.in_flight() == 1);
  const auto before = std::chrono::steady_clock::now();
  respond(common::HttpResponse{});
  CHECK(answered == 1);
  CHECK(pushes.in_flight() == 0);
  CHECK(pushes.last_end() >= before);
  respond = nullptr;  // the answer's last copy goes: it is not counted twice
  CHECK(pushes.in_flight() == 0);
  {
    auto dropped = office::track_push(pushes, [](common::HttpResponse) {});
    CHECK(pushes.in_flight() == 1);
  }
  CHECK(pushes.in_flight() == 0);
}

TEST_CASE("standing aside returns at once when nothing is pushed, and when stopping") {
  office::PushActivity pushes;
  std::atomic<bool> stopping{false};
  CHECK(office::stand_aside(pushes, stopping) < milliseconds(100));
  pushes.begin();
  stopping = true;
  CHECK(office::stand_aside(pushes, stopping) < milliseconds(100));
  stopping = false;
  const auto waited = office::stand_aside(pushes, stopping);  // the bound, not forever
  CHECK(waited >= milliseconds(200));
  CHECK(waited < milliseconds(2000));
  pushes.end(std::chrono::steady_clock::now());
}
