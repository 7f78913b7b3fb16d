// Tests of common/loop_clock, the real Clock, on a real Asio loop: a timer fires once after
// its wait, a restarted timer fires only for its last wait, a cancelled one not at all.
#include "common/loop_clock.h"

#include <doctest/doctest.h>

#include <vector>

using namespace kopilka;
using std::chrono::milliseconds;

TEST_CASE("a loop timer fires after its wait; restarting replaces the wait; cancel stops it") {
  asio::io_context io;
  common::LoopClock clock(io);
  auto first = clock.make_timer();
  auto second = clock.make_timer();
  std::vector<int> fired;
  auto start = clock.now();
  first->start(milliseconds(50), [&] { fired.push_back(1); });
  first->start(milliseconds(20), [&] { fired.push_back(2); });  // replaces the wait for 1
  second->start(milliseconds(10), [&] { fired.push_back(3); });
  second->cancel();
  io.run();
  CHECK(fired == std::vector<int>{2});
  CHECK(clock.now() - start >= milliseconds(20));
}
