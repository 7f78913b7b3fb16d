// Largest-remainder spreading; see spread.h. 128-bit products keep it exact for any
// amounts the API admits (10^13 kopecks × 1000 lines).
#include "core/spread.h"

#include <algorithm>
#include <numeric>

namespace kopilka::core {

std::vector<std::int64_t> spread_proportionally(std::int64_t total,
                                                const std::vector<std::int64_t>& weights) {
  std::vector<std::int64_t> parts(weights.size(), 0);
  __int128 sum = 0;
  for (auto w : weights) sum += w;
  if (sum <= 0 || total <= 0) return parts;

  std::vector<__int128> remainders(weights.size());
  __int128 assigned = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    __int128 p = static_cast<__int128>(total) * weights[i];
    parts[i] = static_cast<std::int64_t>(p / sum);
    remainders[i] = p % sum;
    assigned += parts[i];
  }
  auto left = static_cast<std::int64_t>(total - assigned);
  if (left == 0) return parts;
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::int64_t k = 0; k < left; ++k) ++parts[order[static_cast<std::size_t>(k)]];
  return parts;
}

}  // namespace kopilka::core
