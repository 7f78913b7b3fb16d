// Where each customer's rows of report_customer_days are listed (schema 027): the day,
// register and net receipts of every row, kept in one place per customer so that the
// aggregates' flush reads a customer's visit days, and a merge finds their rows, without an
// index of the table by customer (a page per customer per group of pushes, the largest part
// of what the report sums cost the ingest: docs/benchmarks.md "Reports", sixth pass).
// The place is a card's row, which the group rewrites anyway (and writes with it:
// CardRowLists), wherever it can be:
// - a card's own customer ("card:NUMBER") has their list in the card's row;
// - a customer record has theirs in the row of one of their cards, their home card, the
//   first the group found free, the list's first line naming them ("@c-17"); the customer's
//   line in report_customer_rows says which card it is ("@NUMBER"), found there when the
//   group writes another of their cards;
// - otherwise (a card's own customer whose card has no row, or whose row another customer's
//   list took; a customer record none of whose cards the group held free; lists written
//   before home cards) the whole list in report_customer_rows. Such a customer record's list
//   moves to a free card of theirs the next time a group writes one.
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
  // The card whose row holds the list: a card's own, or a customer record's home ("": none).
  std::string card;
  bool in_table = false;  // the whole list in report_customer_rows
  bool new_home =
      false;  // on a card, a customer record's home that report_customer_rows is to name

  bool on_card() const { return !card.empty(); }
};

// Whether a name of report_customer_days is a card's own customer ("card:NUMBER": a card
// without a customer record), whose list goes with their card.
bool card_own_customer(std::string_view customer);

// Adds `receipts` to the row of `day` and `register_id`, listing it if it is not yet.
void add_row(CustomerRows& list, core::Day day, std::string_view register_id,
             std::int64_t receipts);
// The net receipts per day over every register, by day, days of none left in.
DayCounts receipts_by_day(const CustomerRows& list);

// The lists as stored: a row a line, "day receipts register"; on a home card, after a first
// line "@" and the customer's id (list_owner).
std::string rows_text(const CustomerRows& list);
core::Status parse_rows(std::string_view text, CustomerRows& into);
// The customer whose list a card's row holds: its own ("") or the one its first line names.
std::string_view list_owner(std::string_view text);

// The cards a group of pushes writes itself, whose lists (their own customers', or those of
// customer records whose home they are) go in that same write of their rows, not in a
// second one (report_customer_rows.cc): each card's row is written once per group.
struct CardRowLists {
  // Each card the group writes, by number, with its row's report_rows as the group read it
  // with the card ("": none, or no row yet); nullopt: not read, read by read_customer_rows.
  std::unordered_map<std::string, std::optional<std::string>> cards;
  // Filled by write_customer_rows: the list to write with each of those cards whose list it
  // wrote. A card missing here keeps the list its row has.
  std::unordered_map<std::string, std::string> to_write;
};

// The lists of `customers` (names as report_customer_days has them), in their order.
// `group`: the cards the caller writes itself (nullptr: none); `cards`, when given: for each
// customer, a card of theirs among them ("": none), a customer record's home if it is free.
core::Result<std::vector<CustomerRows>> read_customer_rows(
    Sql& sql, const std::vector<std::string_view>& customers, const CardRowLists* group = nullptr,
    const std::vector<std::string_view>* cards = nullptr);
// Writes lists read by read_customer_rows and changed: each where it was read from, or, a
// card's own customer's that was in report_customer_rows, in its card's row once it has one,
// a customer record's in the home card read_customer_rows found; those of `group`'s cards
// into its to_write, for the caller to write with the cards.
// `customers` in their texts' order, so that PostgreSQL transactions lock rows in one order.
core::Status write_customer_rows(Sql& sql, const std::vector<std::string_view>& customers,
                                 const std::vector<const CustomerRows*>& lists,
                                 CardRowLists* group = nullptr);

// Gives every row on `list` of `customer` their first day (schema 015; nullopt: they have
// no visit), found by a seek each: a merge, or a late receipt or a cancellation that moved it.
core::Status set_first_day(Sql& sql, std::string_view customer, const CustomerRows& list,
                           std::optional<core::Day> first);

}  // namespace kopilka::office
