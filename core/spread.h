// Kopeck-exact proportional spreading (programs.md, step 6): an amount is split over
// parts in proportion to weights; parts sum exactly to the amount; remainders go to the
// parts with the largest fractional shares, ties to the lower index.
#pragma once

#include <cstdint>
#include <vector>

namespace kopilka::core {

// Requires total ≥ 0, every weight ≥ 0. With all weights zero, nothing can be spread
// proportionally: every part is 0 unless total is 0 too (the caller must not ask).
// Σ result == total whenever Σ weights > 0.
std::vector<std::int64_t> spread_proportionally(std::int64_t total,
                                                const std::vector<std::int64_t>& weights);

}  // namespace kopilka::core
