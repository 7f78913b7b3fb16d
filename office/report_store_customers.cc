// The customer figures and CLV of a store's or a register's report (report_customers.h),
// counted in memory from one read of its customer days: grouping the same rows by
// customer once per figure and period made a store's year read them six times over.
// The rules are those of docs/office.md "Reports", over the registers the report covers:
//   active   = net receipts over [a, b] > 0;     new  = active, first day ever in [a, b];
//   repeat   = active, two days or more in [a, b] with net receipts > 0;
//   before   = net receipts over [a − L, a − 1] > 0 (L = b − a + 1); kept = before and active;
//   CLV      = card revenue through b ÷ customers whose net receipts through b are > 0.
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>

#include "office/report_customers.h"

namespace kopilka::office {

using core::Day;
using core::Result;

namespace {

// For each day of [lo, hi], the periods whose interval holds it (offsets into `ids`).
struct DayIndex {
  Day lo = 0;
  std::vector<std::size_t> start;  // start[d − lo] … start[d − lo + 1] in ids
  std::vector<std::uint32_t> ids;

  DayIndex(const std::vector<std::pair<Day, Day>>& intervals) {
    if (intervals.empty()) return;
    lo = intervals[0].first;
    Day hi = intervals[0].second;
    for (const auto& [x, y] : intervals) lo = std::min(lo, x), hi = std::max(hi, y);
    const auto span = static_cast<std::size_t>(hi - lo + 1);
    std::vector<std::size_t> count(span + 1, 0);
    for (const auto& [x, y] : intervals)
      for (Day d = x; d <= y; ++d) ++count[static_cast<std::size_t>(d - lo) + 1];
    for (std::size_t i = 1; i <= span; ++i) count[i] += count[i - 1];
    start = count;
    ids.resize(count[span]);
    for (std::uint32_t p = 0; p < intervals.size(); ++p)
      for (Day d = intervals[p].first; d <= intervals[p].second; ++d)
        ids[count[static_cast<std::size_t>(d - lo)]++] = p;
  }
  template <typename F>
  void each(Day d, F&& f) const {
    if (start.empty() || d < lo || d - lo + 1 >= static_cast<Day>(start.size())) return;
    const auto i = static_cast<std::size_t>(d - lo);
    for (std::size_t k = start[i]; k < start[i + 1]; ++k) f(ids[k]);
  }
};

struct CustomerDay {
  Day day = 0;
  std::int64_t receipts = 0, revenue = 0;
};

// A per-period sum for the customer being counted, reset lazily by its number.
struct Slot {
  std::size_t customer = SIZE_MAX;
  std::int64_t receipts = 0, days = 0;
};

}  // namespace

Result<std::vector<FilteredFigures>> filtered_customers(
    Sql& sql, const std::string& where, const SqlParams& filter_params,
    const std::vector<std::pair<Day, Day>>& periods) {
  std::vector<FilteredFigures> out(periods.size());
  if (periods.empty()) return out;
  Day to = periods[0].second;
  std::vector<std::pair<Day, Day>> windows;
  for (const auto& [a, b] : periods) {
    to = std::max(to, b);
    windows.push_back({a - (b - a + 1), a - 1});
  }
  // Every customer day through the last period's end (CLV counts from the start), read
  // below, then the registers' rows of one day summed per customer.
  SqlParams p{sql_int(to)};
  p.insert(p.end(), filter_params.begin(), filter_params.end());
  const DayIndex in_period(periods), in_window(windows);
  // CLV by period end: revenue and customers with net receipts > 0 through each end.
  std::vector<Day> ends;
  for (const auto& pr : periods) ends.push_back(pr.second);
  std::sort(ends.begin(), ends.end());
  ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
  std::vector<std::int64_t> revenue_at(ends.size() + 1, 0), customers_diff(ends.size() + 1, 0);
  auto end_index = [&](Day d) {
    return static_cast<std::size_t>(std::lower_bound(ends.begin(), ends.end(), d) - ends.begin());
  };
  std::vector<Slot> now(periods.size()), before(periods.size());
  std::vector<std::uint32_t> touched_now, touched_before;
  std::vector<CustomerDay> days;  // the customer being counted, summed per day
  bool has_first = false;
  Day first = 0;
  std::size_t customer = 0;
  auto count_customer = [&] {
    touched_now.clear();
    touched_before.clear();
    std::int64_t through = 0;  // net receipts through the day
    for (std::size_t k = 0; k < days.size(); ++k) {
      const CustomerDay& d = days[k];
      revenue_at[end_index(d.day)] += d.revenue;
      through += d.receipts;
      if (through > 0) {  // counted for every end from this day to the next one's eve
        ++customers_diff[end_index(d.day)];
        --customers_diff[k + 1 < days.size() ? end_index(days[k + 1].day) : ends.size()];
      }
      auto add = [&](std::vector<Slot>& slots, std::vector<std::uint32_t>& touched) {
        return [&, c = customer](std::uint32_t p) {
          Slot& s = slots[p];
          if (s.customer != c) s = {c, 0, 0}, touched.push_back(p);
          s.receipts += d.receipts;
          if (d.receipts > 0) ++s.days;
        };
      };
      in_period.each(d.day, add(now, touched_now));
      in_window.each(d.day, add(before, touched_before));
    }
    for (std::uint32_t p : touched_now) {
      if (now[p].receipts <= 0) continue;
      FilteredFigures& f = out[p];
      ++f.people.active;
      if (has_first && first >= periods[p].first && first <= periods[p].second) ++f.people.fresh;
      if (now[p].days >= 2) ++f.people.repeat;
    }
    for (std::uint32_t p : touched_before) {
      if (before[p].receipts <= 0) continue;
      ++out[p].people.before;
      if (now[p].customer == customer && now[p].receipts > 0) ++out[p].people.kept;
    }
    ++customer;
  };
  // The rows as stored, each carrying its customer's first day (schema 015; a look-up per
  // row in report_first_days was most of the read's time): summing per customer and day in
  // SQL sorted them twice, so here customers become numbers and the rows are sorted as
  // integers.
  struct Row {
    std::uint32_t customer;
    Day day;
    std::int64_t receipts, revenue;
  };
  std::vector<Row> rows;
  std::unordered_map<std::string, std::uint32_t> number;
  std::vector<std::optional<Day>> firsts;
  // Keyed by day first (schema 026), the rows are found by a seek per day and register the
  // report covers, which report_days lists: every customer day has its day's sums there.
  // SQLite takes CROSS JOIN's tables in the order written.
  core::Status read = sql.each_row(
      "SELECT c.customer, c.day, c.receipts, c.revenue, c.first_day FROM report_days d "
      "CROSS JOIN report_customer_days c WHERE d.day <= CAST($1 AS INTEGER)" +
          where + " AND c.day = d.day AND c.register_id = d.register_id",
      p, [&](const SqlCursor& row) {
        auto [it, added] =
            number.try_emplace(std::string(row.text(0)), static_cast<std::uint32_t>(firsts.size()));
        if (added)
          firsts.push_back(row.is_null(4) ? std::nullopt
                                          : std::optional<Day>(static_cast<Day>(row.int64(4))));
        rows.push_back({it->second, static_cast<Day>(row.int64(1)), row.int64(2), row.int64(3)});
      });
  if (!read) return read;
  std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    return x.customer != y.customer ? x.customer < y.customer : x.day < y.day;
  });
  for (std::size_t i = 0; i < rows.size();) {
    const std::uint32_t c = rows[i].customer;
    has_first = firsts[c].has_value();
    first = firsts[c].value_or(0);
    days.clear();
    for (; i < rows.size() && rows[i].customer == c; ++i) {
      if (days.empty() || days.back().day != rows[i].day) days.push_back({rows[i].day, 0, 0});
      days.back().receipts += rows[i].receipts;
      days.back().revenue += rows[i].revenue;
    }
    count_customer();
  }
  std::int64_t revenue = 0, customers = 0;
  std::vector<std::int64_t> revenue_through(ends.size()), customers_through(ends.size());
  for (std::size_t e = 0; e < ends.size(); ++e) {
    revenue += revenue_at[e];
    customers += customers_diff[e];
    revenue_through[e] = revenue;
    customers_through[e] = customers;
  }
  for (std::size_t p = 0; p < periods.size(); ++p) {
    const std::size_t e = end_index(periods[p].second);
    out[p].clv_revenue = revenue_through[e];
    out[p].clv_customers = customers_through[e];
  }
  return out;
}

}  // namespace kopilka::office
