// The summary report (office.md "Reports"): figures for a period of store-local days, read
// from the maintained aggregates (aggregates.h), as the exact JSON shape the contract
// gives, and as CSV. Integer arithmetic only; averages round half up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/report_customers.h"
#include "office/sql.h"

namespace kopilka::office {

struct ReportQuery {
  core::Day from = 0, to = 0;
  std::optional<std::string> store, register_id;
  std::string group;  // "" (totals only), "day", "week" or "month"
};

// Reads from/to/store/register/group as the path's query gives them.
core::Result<ReportQuery> parse_report_query(const std::string& from, const std::string& to,
                                             const std::string& store,
                                             const std::string& register_id,
                                             const std::string& group);

// `today` caps burns (points burn once their day has come); `zone` formats complete_until.
core::Result<core::Json> summary_report(Sql& sql, const ReportQuery& q, core::Day today,
                                        core::Zone zone, std::int64_t point_value);

// One header row, a row per group, and a `total` row (office.md "Exact rules" → CSV).
std::string summary_csv(const core::Json& report);

// What runs on from one group to the next (through the day before the group): liability,
// and, over the whole chain, card revenue and customers with a receipt, for CLV.
struct RunningFigures {
  std::int64_t liability = 0, card_revenue = 0, customers = 0;
  bool chain_wide = false;
};

// The figures F of days [a, b] (the contract's shape). With `running` (figures through
// a − 1), the cumulative figures are carried on instead of summed from the start, and
// `running` moves to b. `reads` brings the customer figures, read once for every period
// (the whole chain's or a store's or a register's; an error without them), and may bring
// the sums per day.
struct DaySums {
  core::Day day = 0;
  std::int64_t revenue_card = 0, revenue_no_card = 0, receipts_card = 0, receipts_no_card = 0;
  std::int64_t issued = 0, redeemed = 0, adjusted = 0, burned = 0;
};
struct PeriodReads {
  const std::vector<DaySums>* days = nullptr;  // report_days per day, covering [a, b]
  const CustomerFigures* customers = nullptr;  // the whole chain's, for [a, b]
  const FilteredFigures* filtered = nullptr;   // a store's or a register's, for [a, b]
};
core::Result<core::Json> period_figures(Sql& sql, const ReportQuery& q, core::Day a, core::Day b,
                                        core::Day today, std::int64_t point_value,
                                        RunningFigures* running = nullptr, PeriodReads reads = {});
// report_days summed per day of [q.from, q.to] over the query's registers, by day.
core::Result<std::vector<DaySums>> day_sums(Sql& sql, const ReportQuery& q);
// The running figures through `day` (liability; CLV's sums only over the whole chain).
core::Result<RunningFigures> running_through(Sql& sql, const ReportQuery& q, core::Day day,
                                             core::Day today);

// n ÷ d in whole units, half up (away from zero for negatives); nullopt when d is 0.
std::optional<std::int64_t> div_half_up(std::int64_t n, std::int64_t d);
// n ÷ d as a number with 4 decimals, half up; null when d is 0.
core::Json rate(std::int64_t n, std::int64_t d);

}  // namespace kopilka::office
