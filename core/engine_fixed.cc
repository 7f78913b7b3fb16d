// Fixed-amount discounts (step 3), narrowest first; see engine_fixed.h.
#include "core/engine_fixed.h"

#include <algorithm>

#include "core/spread.h"

namespace kopilka::core {

std::vector<Kopecks> spread_by_line(Kopecks total, const std::vector<Kopecks>& weights,
                                    const std::vector<ReceiptLine>& lines) {
  std::vector<std::size_t> order(lines.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return lines[a].line < lines[b].line; });
  std::vector<Kopecks> sorted(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) sorted[i] = weights[order[i]];
  auto parts = spread_proportionally(total, sorted);
  std::vector<Kopecks> out(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) out[order[i]] = parts[i];
  return out;
}

namespace {

struct Candidate {
  const Program* program;
  Kopecks scope_total;  // its scope lines after step 2, before any fixed amount
};

}  // namespace

std::vector<FixedDiscount> apply_fixed_discounts(
    const ReceiptRequest& req, const std::vector<Kopecks>& after2, std::vector<Kopecks>& left,
    std::vector<Kopecks>& taken, const std::vector<const Program*>& fixed, const RuleContext& ctx) {
  // The narrowest first, so that a wide amount does not eat into lines a narrow one could
  // only have taken from: "−10 on A" and "−5 on A, B" on A = 6, B = 4 take 6 + 4 off in
  // any priority order.
  std::vector<Candidate> order;
  for (const Program* ptr : fixed) {
    const Program& p = *ptr;
    Kopecks scope_total = 0;
    for (std::size_t i = 0; i < left.size(); ++i)
      if (line_in_scope(p, req.lines[i], *ctx.settings)) scope_total += after2[i];
    order.push_back({&p, scope_total});
  }
  std::stable_sort(order.begin(), order.end(), [](const Candidate& a, const Candidate& b) {
    if (a.scope_total != b.scope_total) return a.scope_total < b.scope_total;
    if (a.program->priority != b.program->priority)
      return a.program->priority < b.program->priority;
    return a.program->id < b.program->id;
  });

  std::vector<FixedDiscount> out;
  for (const auto& c : order) {
    const Program& p = *c.program;
    std::vector<Kopecks> weights(left.size(), 0);
    Kopecks room = 0;
    for (std::size_t i = 0; i < left.size(); ++i) {
      if (line_in_scope(p, req.lines[i], *ctx.settings)) {
        weights[i] = left[i];
        room += weights[i];
      }
    }
    Kopecks amount =
        std::min(p.max_discount > 0 ? std::min(p.amount, p.max_discount) : p.amount, room);
    if (amount <= 0) continue;
    auto parts = spread_by_line(amount, weights, req.lines);
    for (std::size_t i = 0; i < left.size(); ++i) {
      left[i] -= parts[i];
      taken[i] += parts[i];
    }
    out.push_back({&p, amount});
  }
  return out;
}

}  // namespace kopilka::core
