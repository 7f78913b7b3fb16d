// The burn scan's pace: how long it waits between parts, and that time lost standing aside
// is not made up in a burst.
#include <doctest/doctest.h>

#include "office/notify_pace.h"

using namespace kopilka;
using std::chrono::milliseconds;

namespace {

const std::chrono::steady_clock::time_point kPaceT0(std::chrono::seconds(1000));

}  // namespace

TEST_CASE("200 cards a second: parts of 25 go 125 ms apart") {
  office::ScanPace pace(200);
  CHECK(pace.take(25, kPaceT0) == milliseconds(0));
  CHECK(pace.take(25, kPaceT0) == milliseconds(125));
  CHECK(pace.take(25, kPaceT0 + milliseconds(125)) == milliseconds(125));
  CHECK(pace.take(25, kPaceT0 + milliseconds(300)) == milliseconds(75));
  CHECK(pace.take(1, kPaceT0 + milliseconds(500)) == milliseconds(0));
  CHECK(pace.take(1, kPaceT0 + milliseconds(500)) == milliseconds(5));
}

TEST_CASE("time lost is not made up: after a long stand-aside the pace goes on as before") {
  office::ScanPace pace(100);
  CHECK(pace.take(10, kPaceT0) == milliseconds(0));
  // Two seconds standing aside for pushes: the next part goes at once, the one after it
  // a tenth of a second later, not at once as a catch-up would.
  CHECK(pace.take(10, kPaceT0 + milliseconds(2000)) == milliseconds(0));
  CHECK(pace.take(10, kPaceT0 + milliseconds(2000)) == milliseconds(100));
}

TEST_CASE("no pace: never waits") {
  office::ScanPace none(0);
  for (int i = 0; i < 5; ++i) CHECK(none.take(500, kPaceT0) == milliseconds(0));
  office::ScanPace pace(200);
  CHECK(pace.take(0, kPaceT0) == milliseconds(0));
  CHECK(pace.take(0, kPaceT0) == milliseconds(0));
}
