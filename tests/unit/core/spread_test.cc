// Tests of core/spread: largest-remainder spreading, exact to the kopeck.
#include "core/spread.h"

#include <doctest/doctest.h>

#include <numeric>
#include <random>

using namespace kopilka::core;

TEST_CASE("the pos-api example spreads 300 ₽ of points over 900 ₽ and 1500 ₽... exactly") {
  // 30000 over line amounts after discount 72000 and 150000 (pos-api.md example).
  auto parts = spread_proportionally(30000, {72000, 150000});
  CHECK(parts == std::vector<std::int64_t>{9730, 20270});
}

TEST_CASE("remainders go to the largest fractions, ties to the lower index") {
  CHECK(spread_proportionally(100, {1, 1, 1}) == std::vector<std::int64_t>{34, 33, 33});
  CHECK(spread_proportionally(2, {1, 1, 1}) == std::vector<std::int64_t>{1, 1, 0});
  CHECK(spread_proportionally(10, {1, 2}) == std::vector<std::int64_t>{3, 7});  // 3.33/6.67
  CHECK(spread_proportionally(5, {0, 3, 0}) == std::vector<std::int64_t>{0, 5, 0});
  CHECK(spread_proportionally(5, {0, 0}) == std::vector<std::int64_t>{0, 0});
}

TEST_CASE("parts always sum to the total and never exceed a proportional ceiling") {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 2000; ++round) {
    std::size_t n = 1 + rng() % 40;
    std::vector<std::int64_t> weights(n);
    for (auto& w : weights) w = static_cast<std::int64_t>(rng() % 10'000'000);
    weights[0] += 1;
    std::int64_t sum = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
    std::int64_t total = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(sum + 1));
    auto parts = spread_proportionally(total, weights);
    CHECK(std::accumulate(parts.begin(), parts.end(), std::int64_t{0}) == total);
    for (std::size_t i = 0; i < n; ++i) {
      CHECK(parts[i] >= 0);
      CHECK(parts[i] <= weights[i]);  // total ≤ Σ weights, so no part outgrows its weight
    }
  }
}
