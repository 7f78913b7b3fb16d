// `bundle` (buy N, get M; programs.md "Additions, v2"): which units of a receipt come free
// or discounted, and what that takes from each line. Runs in step 3 on the amounts after
// step 2. Internal to core.
#pragma once

#include <cstdint>
#include <vector>

#include "core/engine_rules.h"
#include "core/money.h"
#include "core/program.h"
#include "core/receipt.h"

namespace kopilka::core {

struct BundleTake {
  std::vector<Kopecks> per_line;  // before max_discount and before what other step-3 took
  std::int64_t units = 0;         // units discounted
};

// The units of a receipt the bundles before this one took part with, bought or discounted:
// a unit takes part in one bundle only, so two bundles over the same goods never count or
// free a unit twice, however the POS splits the units into lines. Per line: how many of its
// equal units, and whether its last unit (the remainder).
struct BundleUnitsUsed {
  explicit BundleUnitsUsed(std::size_t lines) : equal(lines, 0), last(lines, false) {}
  std::vector<std::int64_t> equal;
  std::vector<bool> last;
};

// `after2[i]`: line i's amount after step 2. Without get_scope, k = ⌊units ÷ (buy + get)⌋ ×
// get of the scope's cheapest units; with it, k = ⌊scope units ÷ buy⌋ × get of the cheapest
// units of get_scope lines that are not in scope (a unit in both counts as bought). A
// unit's amount is its line's amount ÷ whole units, the last unit taking the remainder;
// equal units: the lower line number first; each unit's discount rounds half up on its own.
// Only units `used` leaves free are counted; those this bundle takes part with are added to
// it: its discounted units, and as its bought ones the dearest left (docs/programs.md).
BundleTake bundle_take(const Program& p, const ReceiptRequest& req,
                       const std::vector<Kopecks>& after2, const Settings& settings,
                       BundleUnitsUsed& used);

}  // namespace kopilka::core
