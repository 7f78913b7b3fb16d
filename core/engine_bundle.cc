// Buy N, get M; see engine_bundle.h.
#include "core/engine_bundle.h"

#include <algorithm>

namespace kopilka::core {

namespace {

// `count` equal units of one line. A line is at most two groups, so a weight line of a
// million units costs no more than one of a single unit.
struct Units {
  Kopecks amount;  // of one unit
  std::int64_t count;
  std::int32_t line;  // the POS's line number: ties go to the lower one
  std::size_t index;  // position in the request
  bool last;          // the line's last unit, which takes the remainder
};

// The units of line i that `used` leaves: of n − 1 units of ⌊amount ÷ n⌋ and a last one with
// the remainder.
void add_units(std::vector<Units>& units, std::int64_t& total, Kopecks amount, std::int64_t n,
               std::int32_t line, std::size_t i, const BundleUnitsUsed& used) {
  if (n <= 0) return;
  Kopecks each = amount / n;
  const std::int64_t equal = n - 1 - used.equal[i];
  if (equal > 0) units.push_back({each, equal, line, i, false});
  if (!used.last[i]) units.push_back({amount - each * (n - 1), 1, line, i, true});
  total += equal + (used.last[i] ? 0 : 1);
}

void sort_cheapest_first(std::vector<Units>& units) {
  std::stable_sort(units.begin(), units.end(), [](const Units& a, const Units& b) {
    if (a.amount != b.amount) return a.amount < b.amount;
    return a.line < b.line;
  });
}

// Takes `n` units of group `g` out of it and into `used`.
void use(Units& g, std::int64_t n, BundleUnitsUsed& used) {
  g.count -= n;
  if (g.last)
    used.last[g.index] = true;
  else
    used.equal[g.index] += n;
}

}  // namespace

BundleTake bundle_take(const Program& p, const ReceiptRequest& req,
                       const std::vector<Kopecks>& after2, const Settings& settings,
                       BundleUnitsUsed& used) {
  BundleTake out;
  out.per_line.assign(req.lines.size(), 0);
  std::int64_t bought = 0, available = 0;
  std::vector<Units> bought_units, candidates;
  for (std::size_t i = 0; i < req.lines.size(); ++i) {
    const ReceiptLine& l = req.lines[i];
    std::int64_t n = whole_units(l);
    if (line_in_scope(p, l, settings)) {
      add_units(p.has_get_scope ? bought_units : candidates, p.has_get_scope ? bought : available,
                after2[i], n, l.line, i, used);
    } else if (p.has_get_scope && line_in_get_scope(p, l, settings)) {
      add_units(candidates, available, after2[i], n, l.line, i, used);
    }
  }
  if (!p.has_get_scope) bought = available;
  std::int64_t k = p.has_get_scope ? bought / p.buy * p.get : bought / (p.buy + p.get) * p.get;
  k = std::min(k, available);
  if (k <= 0) return out;
  sort_cheapest_first(candidates);
  std::int64_t left = k;
  for (Units& g : candidates) {
    if (left == 0) break;
    std::int64_t n = std::min(left, g.count);
    // Each unit rounds on its own: n equal units take n × round(one unit).
    out.per_line[g.index] += n * *mul_div_round_half_up(g.amount, p.percent, 10000);
    use(g, n, used);
    left -= n;
  }
  out.units = k;
  // The units bought for them, the dearest left: from the same units without get_scope, from
  // the scope's with it. A later bundle counts none of these.
  std::vector<Units>& pool = p.has_get_scope ? bought_units : candidates;
  if (p.has_get_scope) sort_cheapest_first(pool);
  std::int64_t to_buy = (k + p.get - 1) / p.get * p.buy;
  for (auto g = pool.rbegin(); g != pool.rend() && to_buy > 0; ++g) {
    std::int64_t n = std::min(to_buy, g->count);
    if (n > 0) use(*g, n, used);
    to_buy -= n;
  }
  return out;
}

}  // namespace kopilka::core
