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
};

// The units of line i: n − 1 of ⌊amount ÷ n⌋ and a last one with the remainder.
void add_units(std::vector<Units>& units, std::int64_t& total, Kopecks amount, std::int64_t n,
               std::int32_t line, std::size_t i) {
  if (n <= 0) return;
  Kopecks each = amount / n;
  if (n > 1) units.push_back({each, n - 1, line, i});
  units.push_back({amount - each * (n - 1), 1, line, i});
  total += n;
}

}  // namespace

BundleTake bundle_take(const Program& p, const ReceiptRequest& req,
                       const std::vector<Kopecks>& after2, const Settings& settings) {
  BundleTake out;
  out.per_line.assign(req.lines.size(), 0);
  std::int64_t bought = 0, available = 0;
  std::vector<Units> candidates;
  for (std::size_t i = 0; i < req.lines.size(); ++i) {
    const ReceiptLine& l = req.lines[i];
    std::int64_t n = whole_units(l);
    if (line_in_scope(p, l, settings)) {
      bought += n;
      if (!p.has_get_scope) add_units(candidates, available, after2[i], n, l.line, i);
    } else if (p.has_get_scope && line_in_get_scope(p, l, settings)) {
      add_units(candidates, available, after2[i], n, l.line, i);
    }
  }
  std::int64_t k = p.has_get_scope ? bought / p.buy * p.get : bought / (p.buy + p.get) * p.get;
  k = std::min(k, available);
  if (k <= 0) return out;
  std::stable_sort(candidates.begin(), candidates.end(), [](const Units& a, const Units& b) {
    if (a.amount != b.amount) return a.amount < b.amount;
    return a.line < b.line;
  });
  std::int64_t left = k;
  for (const Units& g : candidates) {
    if (left == 0) break;
    std::int64_t n = std::min(left, g.count);
    // Each unit rounds on its own: n equal units take n × round(one unit).
    out.per_line[g.index] += n * *mul_div_round_half_up(g.amount, p.percent, 10000);
    left -= n;
  }
  out.units = k;
  return out;
}

}  // namespace kopilka::core
