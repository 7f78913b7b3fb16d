// The customer figures of the summary report over the whole chain (active, new, repeat,
// retained), counted from the visit counts of schema 011 (aggregates_visits.cc) instead of
// grouping every customer's days: exact for any period, aligned to weeks or months or not;
// and a store's or a register's, counted in memory from its customer days
// (report_store_customers.cc).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

struct CustomerFigures {
  std::int64_t active = 0;  // with a visit in [a, b]
  std::int64_t fresh = 0;   // whose first visit ever is in [a, b]
  std::int64_t repeat = 0;  // with visits on two days or more in [a, b]
  std::int64_t before = 0;  // with a visit in the period as long just before a
  std::int64_t kept = 0;    // active, and also in that period before
};

// One answer per period [a, b] (a ≤ b), in the order given.
core::Result<std::vector<CustomerFigures>> chain_customers(
    Sql& sql, const std::vector<std::pair<core::Day, core::Day>>& periods);

// Customers whose first visit is on or before `day`.
core::Result<std::int64_t> chain_customers_through(Sql& sql, core::Day day);

// A store's or a register's customer figures for a period, and CLV's sums through its end
// (card revenue, customers with net receipts > 0), counted from its customer days.
struct FilteredFigures {
  CustomerFigures people;
  std::int64_t clv_revenue = 0, clv_customers = 0;
};

// One answer per period, from one read of the customer days of the registers that `where`
// keeps (" AND d.register_id ..." on parameters from $2, given in `filter_params`; d is
// report_days).
core::Result<std::vector<FilteredFigures>> filtered_customers(
    Sql& sql, const std::string& where, const SqlParams& filter_params,
    const std::vector<std::pair<core::Day, core::Day>>& periods);

}  // namespace kopilka::office
