// The customer figures of the summary report over the whole chain (active, new, repeat,
// retained), counted from the visit counts of schema 011 (aggregates_visits.cc) instead of
// grouping every customer's days: exact for any period, aligned to weeks or months or not.
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

}  // namespace kopilka::office
