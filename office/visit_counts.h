// A customer's visits (the days, over the whole chain, with a receipt not cancelled) as the
// report tables count them (schema 011): pairs of neighbouring visit days in
// report_visit_steps and report_visit_gaps. The push's flush (aggregates_visits.cc) and a
// customer merge (report_customer_move.h) change them with the same arithmetic.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

inline constexpr core::Day kBeforeFirstVisit = -1;
inline constexpr core::Day kAfterLastVisit = 2147483647;

using VisitPairs = std::map<std::pair<core::Day, core::Day>, std::int64_t>;
using DayCounts = std::vector<std::pair<core::Day, std::int64_t>>;  // by day, ascending

// Adds (sign +1) or takes away (−1) one customer's visit days, ascending.
void count_visits(const std::vector<core::Day>& days, std::int64_t sign, VisitPairs& steps,
                  VisitPairs& gaps);
// The days of `receipts` with more than none: the visits.
std::vector<core::Day> visits(const DayCounts& receipts);
// Adds the pairs' counts to report_visit_steps and report_visit_gaps.
core::Status write_visit_pairs(Sql& sql, const VisitPairs& steps, const VisitPairs& gaps);

}  // namespace kopilka::office
