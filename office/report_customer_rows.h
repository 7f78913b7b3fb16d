// Where each customer's rows of report_customer_days are listed (schema 027): the day,
// register and net receipts of every row, kept in one place per customer so that the
// aggregates' flush reads a customer's visit days, and a merge finds their rows, without an
// index of the table by customer (a page per customer per group of pushes, the largest part
// of what the report sums cost the ingest: docs/benchmarks.md "Reports", sixth pass).
// A card's own customer ("card:NUMBER") has its list in the card's row, which the group
// rewrites anyway (and writes with it: CardRowLists); a customer record, or a card's own
// customer whose card has no row, in report_customer_rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"
#include "office/visit_counts.h"

namespace kopilka::office {

// One row of report_customer_days, as its customer's list has it.
struct CustomerRow {
  core::Day day = 0;
  std::string register_id;
  std::int64_t receipts = 0;  // net, on that day at that register
};

// A customer's rows, by day and register; where they are kept.
struct CustomerRows {
  std::vector<CustomerRow> rows;
  bool on_card = false;   // in the card's row ("card:NUMBER" whose card has a row)
  bool in_table = false;  // in report_customer_rows (moved to the card's row when it has one)
};

// Adds `receipts` to the row of `day` and `register_id`, listing it if it is not yet.
void add_row(CustomerRows& list, core::Day day, std::string_view register_id,
             std::int64_t receipts);
// The net receipts per day over every register, by day, days of none left in.
DayCounts receipts_by_day(const CustomerRows& list);

// The lists as stored: a row a line, "day receipts register".
std::string rows_text(const CustomerRows& list);
core::Status parse_rows(std::string_view text, CustomerRows& into);

// The cards a group of pushes writes itself, whose own customers' lists go in that same
// write of their rows, not in a second one (report_customer_rows.cc): each card's row is
// written once per group.
struct CardRowLists {
  // Each card the group writes, by number, with its row's report_rows as the group read it
  // with the card ("": none, or no row yet); nullopt: not read, read by read_customer_rows.
  std::unordered_map<std::string, std::optional<std::string>> cards;
  // Filled by write_customer_rows: the list to write with each of those cards whose own
  // customer's list it wrote. A card missing here keeps the list its row has.
  std::unordered_map<std::string, std::string> to_write;
};

// The lists of `customers` (names as report_customer_days has them), in their order.
// `group`: the cards the caller writes itself (nullptr: none).
core::Result<std::vector<CustomerRows>> read_customer_rows(
    Sql& sql, const std::vector<std::string_view>& customers, const CardRowLists* group = nullptr);
// Writes lists read by read_customer_rows and changed: each where it was read from, or, a
// card's own customer's that was in report_customer_rows, in its card's row once it has one;
// those of `group`'s cards into its to_write, for the caller to write with the cards.
// `customers` in their texts' order, so that PostgreSQL transactions lock rows in one order.
core::Status write_customer_rows(Sql& sql, const std::vector<std::string_view>& customers,
                                 const std::vector<const CustomerRows*>& lists,
                                 CardRowLists* group = nullptr);

// Gives every row on `list` of `customer` their first day (schema 015; nullopt: they have
// no visit), found by a seek each: a merge, or a late receipt or a cancellation that moved it.
core::Status set_first_day(Sql& sql, std::string_view customer, const CustomerRows& list,
                           std::optional<core::Day> first);

}  // namespace kopilka::office
