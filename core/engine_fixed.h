// Step 3 of a receipt (programs.md "Computing one receipt"): fixed-amount discounts, and
// the kopeck-exact spread by line number that steps 3 and 4 share. Internal to core.
#pragma once

#include <vector>

#include "core/engine_rules.h"
#include "core/money.h"
#include "core/program.h"
#include "core/receipt.h"

namespace kopilka::core {

// Spreads in line-number order, so that remainder ties go to the lower line number
// (programs.md step 6) whatever order the POS sent the lines in.
std::vector<Kopecks> spread_by_line(Kopecks total, const std::vector<Kopecks>& weights,
                                    const std::vector<ReceiptLine>& lines);

struct FixedDiscount {
  const Program* program;
  Kopecks total;
  std::int64_t units = 0;  // bundle: units discounted
};

// Applies the fixed-amount programs of `fixed` to the lines. `after2[i]` is what line i
// costs after step 2; `left[i]` what it costs after the discounts so far, lowered by what
// is taken; `taken[i]` grows by the same. Programs run narrowest first: ascending by the
// total of their scope lines after step 2, then priority, then id (programs.md "Additions,
// v2"); each is at most its max_discount. Returns the programs that took something, in
// the order they ran.
std::vector<FixedDiscount> apply_fixed_discounts(
    const ReceiptRequest& req, const std::vector<Kopecks>& after2, std::vector<Kopecks>& left,
    std::vector<Kopecks>& taken, const std::vector<const Program*>& fixed, const RuleContext& ctx);

}  // namespace kopilka::core
