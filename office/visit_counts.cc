// Visit-day pairs for the report tables; see visit_counts.h.
#include "office/visit_counts.h"

#include <string>

#include "office/aggregates_batch.h"

namespace kopilka::office {

void count_visits(const std::vector<core::Day>& days, std::int64_t sign, VisitPairs& steps,
                  VisitPairs& gaps) {
  for (std::size_t i = 0; i <= days.size() && !days.empty(); ++i) {
    const core::Day prev = i ? days[i - 1] : kBeforeFirstVisit;
    const core::Day day = i < days.size() ? days[i] : kAfterLastVisit;
    steps[{day, prev}] += sign;
    if (i < days.size()) gaps[{prev, i + 1 < days.size() ? days[i + 1] : kAfterLastVisit}] += sign;
  }
}

std::vector<core::Day> visits(const DayCounts& receipts) {
  std::vector<core::Day> out;
  for (const auto& [day, n] : receipts)
    if (n > 0) out.push_back(day);
  return out;
}

namespace {

// Adds each pair's count to `table`'s row keyed (`first`, `second`).
core::Status add_pairs(Sql& sql, const std::string& table, const std::string& first,
                       const std::string& second, const VisitPairs& pairs) {
  RowBatch rows(
      sql, "INSERT INTO " + table + "(" + first + ", " + second + ", n) VALUES ", "IIB",
      "ON CONFLICT (" + first + ", " + second + ") DO UPDATE SET n = " + table + ".n + excluded.n");
  for (const auto& [k, n] : pairs) {
    if (n == 0) continue;
    if (core::Status e = rows.add({sql_int(k.first), sql_int(k.second), sql_int(n)}); !e) return e;
  }
  return rows.write();
}

}  // namespace

core::Status write_visit_pairs(Sql& sql, const VisitPairs& steps, const VisitPairs& gaps) {
  if (core::Status e = add_pairs(sql, "report_visit_steps", "day", "prev", steps); !e) return e;
  return add_pairs(sql, "report_visit_gaps", "prev", "next", gaps);
}

}  // namespace kopilka::office
