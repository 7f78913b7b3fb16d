// Tests of office/loop_budget: heavy requests get at most their share of the loop, and a
// refused caller is told when to come back.
#include "office/loop_budget.h"

#include <doctest/doctest.h>

using kopilka::office::LoopBudget;
using namespace std::chrono_literals;

TEST_CASE("heavy work is admitted up to its share of the window, then told when to retry") {
  LoopBudget budget(10s, 3s);
  const auto t0 = LoopBudget::Clock::time_point{} + 100s;
  std::chrono::seconds wait{0};
  // Three exports of a second each, back to back: the share is used up.
  for (int i = 0; i < 3; ++i) {
    REQUIRE(budget.admit(t0 + i * 1s, &wait));
    budget.spent(t0 + i * 1s, t0 + (i + 1) * 1s);
  }
  CHECK_FALSE(budget.admit(t0 + 3s, &wait));
  // The first run (ended at t0 + 1 s) leaves the window at t0 + 11 s.
  CHECK(wait == 8s);
  CHECK_FALSE(budget.admit(t0 + 10s, &wait));
  CHECK(wait == 1s);
  CHECK(budget.admit(t0 + 11s + 1ms, &wait));
}

TEST_CASE("short heavy requests are never refused while they stay under the share") {
  LoopBudget budget(10s, 3s);
  auto t = LoopBudget::Clock::time_point{} + 100s;
  std::chrono::seconds wait{0};
  for (int i = 0; i < 1000; ++i, t += 100ms) {  // 20 ms of work every 100 ms: a fifth
    REQUIRE(budget.admit(t, &wait));
    budget.spent(t, t + 20ms);
  }
}
