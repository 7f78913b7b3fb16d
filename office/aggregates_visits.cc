// Each customer's visits (days, over the whole chain, with a receipt not cancelled) kept as
// counts of neighbouring days (schema 011): for every customer whose net receipts on some
// day changed in this flush, the pairs of their old visit days are taken away and those of
// the new added. A report then counts customers per period from a few thousand rows
// (report_customers.cc) however many customers there are. The same read gives every
// customer's first visit, which their customer days carry (schema 015).
#include <algorithm>

#include "office/aggregates.h"
#include "office/aggregates_batch.h"
#include "office/visit_counts.h"

namespace kopilka::office {

using core::Status;

namespace {

constexpr std::size_t kPerQuery = 400;  // customers read by one statement

}  // namespace

Status Aggregates::flush_visits() {
  // Net receipts change per customer and day, over all registers. Each register's count
  // for a day never goes below zero, so a day is a visit when the sum over registers is > 0.
  // Every customer of the flush is read (a refund alone changes no visit but its row still
  // carries the customer's first day).
  const std::size_t n_customers = customers_names_.size();
  if (n_customers == 0) return Status::ok();
  std::vector<DayCounts> change(n_customers);
  for (const CustomerDay& c : customers_)
    if (c.receipts != 0) change[c.customer].emplace_back(c.day, c.receipts);
  for (DayCounts& days : change) by_day(days);
  std::vector<Id> names(n_customers);
  for (Id c = 0; c < n_customers; ++c) names[c] = c;
  std::sort(names.begin(), names.end(),
            [&](Id a, Id b) { return customers_names_[a] < customers_names_[b]; });
  std::vector<DayCounts> before(n_customers);
  for (std::size_t at = 0; at < names.size(); at += kPerQuery) {
    std::string in;
    SqlParams p;
    for (std::size_t i = at; i < std::min(names.size(), at + kPerQuery); ++i) {
      in += (in.empty() ? "$" : ", $") + std::to_string(p.size() + 1);
      p.push_back(SqlParam::borrowed(customers_names_[names[i]]));
    }
    Status bad = Status::ok();
    Status read = sql_.each_row(
        "SELECT customer, day, SUM(receipts) FROM report_customer_days "
        "WHERE customer IN (" +
            in + ") GROUP BY customer, day",
        p, [&](const SqlCursor& r) {
          const std::optional<Id> id = customers_names_.find(r.text(0));
          if (!id) {
            bad = Status::corrupt("the visit counts read a customer they did not ask for");
            return;
          }
          before[*id].emplace_back(static_cast<core::Day>(r.int64(1)), r.int64(2));
        });
    if (!read) return read;
    if (!bad) return bad;
  }
  const auto first = [](const std::vector<core::Day>& v) {
    return v.empty() ? std::optional<core::Day>() : v.front();
  };
  first_of_.assign(n_customers, std::nullopt);
  VisitPairs steps, gaps;
  for (const Id customer : names) {
    DayCounts& had = before[customer];
    const bool had_rows = !had.empty();  // from earlier flushes, even if no visit is left
    by_day(had);                         // PostgreSQL groups in no particular order
    const std::vector<core::Day> old_visits = visits(had);
    const std::vector<core::Day> new_visits = visits(added(had, change[customer]));
    first_of_[customer] = first(new_visits);
    if (old_visits == new_visits) continue;
    // The first visit is the customer's first day, which each of their customer days carries.
    if (first(old_visits) != first(new_visits) && had_rows) older_rows_moved_.push_back(customer);
    count_visits(old_visits, -1, steps, gaps);
    count_visits(new_visits, +1, steps, gaps);
  }
  return write_visit_pairs(sql_, steps, gaps);
}

}  // namespace kopilka::office
