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
};

// Applies every active fixed-amount program to the lines. `left[i]` is what line i costs
// after the discounts so far and is lowered by what is taken;
// `taken[i]` grows by the same. Programs run narrowest first: ascending by the total of
// their scope lines after step 2, then priority, then id (programs.md "Additions, v2").
// Returns the programs that took something, in the order they ran.
std::vector<FixedDiscount> apply_fixed_discounts(const ReceiptRequest& req,
                                                 std::vector<Kopecks>& left,
                                                 std::vector<Kopecks>& taken,
                                                 const ProgramSet& programs,
                                                 const RuleContext& ctx);

}  // namespace kopilka::core
