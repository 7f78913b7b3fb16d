// Each customer's visits (days, over the whole chain, with a receipt not cancelled) kept as
// counts of neighbouring days (schema 011): for every customer whose net receipts on some
// day changed in this flush, the pairs of their old visit days are taken away and those of
// the new added. A report then counts customers per period from a few thousand rows
// (report_customers.cc) however many customers there are. The same read gives every
// customer's first visit, which their customer days carry (schema 015). A customer's visit
// days are read from the list of their rows (schema 027), written back with this flush's.
#include <algorithm>

#include "office/aggregates.h"
#include "office/aggregates_batch.h"
#include "office/report_customer_locks.h"
#include "office/report_customer_rows.h"
#include "office/visit_counts.h"

namespace kopilka::office {

using core::Status;

Status Aggregates::flush_visits(CardRowLists* group) {
  // Net receipts change per customer and day, over all registers. Each register's count
  // for a day never goes below zero, so a day is a visit when the sum over registers is > 0.
  // Every customer of the flush is read (a refund alone changes no visit but its row still
  // carries the customer's first day), from the list of their rows (report_customer_rows.h),
  // which then lists this flush's rows too.
  const std::size_t n_customers = customers_names_.size();
  if (n_customers == 0) return Status::ok();
  std::vector<Id> names(n_customers);
  for (Id c = 0; c < n_customers; ++c) names[c] = c;
  std::sort(names.begin(), names.end(),
            [&](Id a, Id b) { return customers_names_[a] < customers_names_[b]; });
  std::vector<std::string_view> texts(n_customers), cards(n_customers);
  card_of_.resize(n_customers);
  for (std::size_t i = 0; i < n_customers; ++i) {
    texts[i] = customers_names_[names[i]];
    cards[i] = card_of_[names[i]];
  }
  // Another process may be writing a customer record's list: theirs are locked first.
  if (Status l = lock_customer_lists(sql_, texts, group); !l) return l;
  auto read = read_customer_rows(sql_, texts, group, &cards);
  if (!read) return read.status();
  lists_.assign(n_customers, {});
  for (std::size_t i = 0; i < n_customers; ++i) lists_[names[i]] = std::move((*read)[i]);
  const auto first = [](const std::vector<core::Day>& v) {
    return v.empty() ? std::optional<core::Day>() : v.front();
  };
  first_of_.assign(n_customers, std::nullopt);
  VisitPairs steps, gaps;
  std::vector<bool> had_rows(n_customers);
  std::vector<std::vector<core::Day>> old_visits(n_customers);
  for (const Id customer : names) {
    had_rows[customer] = !lists_[customer].rows.empty();  // even if no visit is left
    old_visits[customer] = visits(receipts_by_day(lists_[customer]));
  }
  for (const CustomerDay& c : customers_)
    add_row(lists_[c.customer], c.day, registers_[c.register_id], c.receipts);
  for (const Id customer : names) {
    const std::vector<core::Day> new_visits = visits(receipts_by_day(lists_[customer]));
    first_of_[customer] = first(new_visits);
    if (old_visits[customer] == new_visits) continue;
    // The first visit is the customer's first day, which each of their customer days carries.
    if (first(old_visits[customer]) != first(new_visits) && had_rows[customer])
      older_rows_moved_.push_back(customer);
    count_visits(old_visits[customer], -1, steps, gaps);
    count_visits(new_visits, +1, steps, gaps);
  }
  if (Status e = write_visit_pairs(sql_, steps, gaps); !e) return e;
  std::vector<const CustomerRows*> lists(n_customers);
  for (std::size_t i = 0; i < n_customers; ++i) lists[i] = &lists_[names[i]];
  return write_customer_rows(sql_, texts, lists, group);
}

}  // namespace kopilka::office
