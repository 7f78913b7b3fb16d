// Counting customers from visit pairs (report_customers.h). Each customer's visit days
// d1 < … < dk give steps (−1, d1), (d1, d2) … (dk, END) and, per visit, gaps (previous,
// next visit). For a period [a, b] of length L:
//   active = steps with day in [a, b] and prev < a (each customer's first visit in it);
//   new    = those with prev = −1; kept = those with a − L ≤ prev < a;
//   single (exactly one visit in [a, b]) = Q − 2·B + 2·K + E − F, where Q = gaps with
//   prev < a and next > b, B = customers with a visit before a, K = active with a visit
//   before a, E = customers whose last visit is before a, F = customers whose first is
//   after b (a customer with none in [a, b] but visits either side has two such gaps,
//   one with visits on one side only has one); repeat = active − single.
#include "office/report_customers.h"

#include <algorithm>

namespace kopilka::office {

using core::Day;
using core::Result;

namespace {

constexpr Day kNoVisit = -1;
constexpr Day kNoNextVisit = 2147483647;

struct Pair {
  Day x = 0, y = 0;
  std::int64_t n = 0;
};

Result<std::vector<Pair>> pairs(Sql& sql, const std::string& statement, const SqlParams& p) {
  auto rows = sql.query(statement, p);
  if (!rows) return rows.status();
  std::vector<Pair> out;
  out.reserve(rows->size());
  for (const SqlRow& r : *rows)
    out.push_back({static_cast<Day>(r.int64(0)), static_cast<Day>(r.int64(1)), r.int64(2)});
  return out;
}

// Sum of n over pairs with x < limit, the pairs sorted by x, plus `base`.
struct Prefix {
  std::vector<Day> x;
  std::vector<std::int64_t> sum;  // sum[i] = base + n of pairs 0 … i − 1
  Prefix(std::int64_t base, const std::vector<Pair>& sorted) : sum{base} {
    for (const auto& p : sorted) {
      x.push_back(p.x);
      sum.push_back(sum.back() + p.n);
    }
  }
  std::int64_t below(Day limit) const {
    return sum[static_cast<std::size_t>(std::lower_bound(x.begin(), x.end(), limit) - x.begin())];
  }
};

}  // namespace

Result<std::int64_t> chain_customers_through(Sql& sql, Day day) {
  auto n = query_int(sql,
                     "SELECT COALESCE(SUM(n), 0) FROM report_visit_steps WHERE prev = -1 "
                     "AND day <= CAST($1 AS INTEGER)",
                     {sql_int(day)});
  if (!n) return n.status();
  return n->value_or(0);
}

Result<std::vector<CustomerFigures>> chain_customers(
    Sql& sql, const std::vector<std::pair<Day, Day>>& periods) {
  std::vector<CustomerFigures> out(periods.size());
  if (periods.empty()) return out;
  Day lo = kNoNextVisit, hi = kNoVisit, max_a = kNoVisit, min_b = kNoNextVisit;
  bool repeats = false;
  for (const auto& [a, b] : periods) {
    lo = std::min(lo, a - (b - a + 1));
    hi = std::max(hi, b);
    max_a = std::max(max_a, a);
    min_b = std::min(min_b, b);
    repeats = repeats || b > a;
  }
  // Steps by day (then prev), over every period and the period before each.
  auto steps = pairs(sql,
                     "SELECT day, prev, n FROM report_visit_steps WHERE day BETWEEN "
                     "CAST($1 AS INTEGER) AND CAST($2 AS INTEGER) ORDER BY day, prev",
                     {sql_int(lo), sql_int(hi)});
  if (!steps) return steps.status();
  auto earlier = sql.query(
      "SELECT COALESCE(SUM(CASE WHEN day < CAST($1 AS INTEGER) THEN n ELSE 0 END), 0), "
      "COALESCE(SUM(n), 0) FROM report_visit_steps WHERE prev = -1",
      {sql_int(lo)});
  if (!earlier) return earlier.status();
  const std::int64_t firsts_before_lo = earlier->at(0).int64(0),
                     customers = earlier->at(0).int64(1);
  std::vector<Pair> firsts;
  for (const auto& s : *steps)
    if (s.y == kNoVisit) firsts.push_back({s.x, 0, s.n});
  const Prefix first_before(firsts_before_lo, firsts);  // B(a) = first_before.below(a)
  // Last visits: (END, last), as (last, ·) sorted by last.
  auto lasts = pairs(sql,
                     "SELECT prev, 0, n FROM report_visit_steps WHERE day = 2147483647 AND "
                     "prev BETWEEN CAST($1 AS INTEGER) AND CAST($2 AS INTEGER) ORDER BY prev",
                     {sql_int(lo), sql_int(hi)});
  if (!lasts) return lasts.status();
  auto lasts_before_lo = query_int(sql,
                                   "SELECT COALESCE(SUM(n), 0) FROM report_visit_steps WHERE "
                                   "day = 2147483647 AND prev < CAST($1 AS INTEGER)",
                                   {sql_int(lo)});
  if (!lasts_before_lo) return lasts_before_lo.status();
  const Prefix last_before(lasts_before_lo->value_or(0), *lasts);  // E(a)
  Result<std::vector<Pair>> gaps = std::vector<Pair>{};
  if (repeats)
    gaps = pairs(sql,
                 "SELECT prev, next, n FROM report_visit_gaps WHERE prev < CAST($1 AS INTEGER) "
                 "AND next > CAST($2 AS INTEGER)",
                 {sql_int(max_a), sql_int(min_b)});
  if (!gaps) return gaps.status();
  auto by_day = [&](Day from) {
    return std::lower_bound(steps->begin(), steps->end(), from,
                            [](const Pair& p, Day d) { return p.x < d; });
  };
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const auto [a, b] = periods[i];
    const Day len = b - a + 1;
    CustomerFigures& f = out[i];
    std::int64_t returning = 0;  // active with a visit before a (K)
    for (auto s = by_day(a); s != steps->end() && s->x <= b; ++s) {
      if (s->y >= a) continue;
      f.active += s->n;
      if (s->y == kNoVisit) f.fresh += s->n;
      if (s->y != kNoVisit) returning += s->n;
      if (s->y != kNoVisit && s->y >= a - len) f.kept += s->n;
    }
    for (auto s = by_day(a - len); s != steps->end() && s->x < a; ++s)
      if (s->y < a - len) f.before += s->n;
    if (b == a) continue;  // one day: nobody visits on two
    std::int64_t q = 0;
    for (const auto& g : *gaps)
      if (g.x < a && g.y > b) q += g.n;
    const std::int64_t single = q - 2 * first_before.below(a) + 2 * returning +
                                last_before.below(a) - (customers - first_before.below(b + 1));
    f.repeat = f.active - single;
  }
  return out;
}

}  // namespace kopilka::office
