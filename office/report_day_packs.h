// The customer days and the program days a store's or a register's report counts (schema
// 029): kept in packs, one per day, register and group of pushes, instead of a row per day,
// register and customer or program; a group of pushes writes a row per register it touched,
// not one per customer and one per program (docs/benchmarks.md "Reports", eighth pass).
// A pack has two texts of lines (pack_fields.h): its customers', each "\n" then the
// customer, their first day ("" for none), their net receipts and their revenue, separated
// by tabs; its programs', each the program, then its receipts, revenue, discount, points
// issued and points redeemed. A customer or a program may have lines in several packs of
// one day and register, a group's each: their day there is the sum of them. Every line of
// a customer carries the same first day, their first visit over the whole chain, so that
// moving it is a replace of their lines' starts.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

// One customer line of a pack: a customer's change to their day at the pack's register.
struct PackedCustomerDay {
  std::string_view customer;  // unescaped
  std::int64_t receipts = 0, revenue = 0;
  std::optional<core::Day> first_day;
};

// One program line of a pack: a program's change to its day at the pack's register.
struct PackedProgramDay {
  std::string_view program;  // unescaped
  std::int64_t receipts = 0, revenue = 0, discount = 0, issued = 0, redeemed = 0;
};

void append_program_day(std::string& pack, const PackedProgramDay& day);
// Hands each program line of `pack` to `each`, in order; kCorrupt for a damaged line.
core::Status each_program_day(std::string_view pack,
                              const std::function<void(const PackedProgramDay&)>& each);

// What every line of `customer` carrying `first_day` begins with, and no other line.
std::string line_start(std::string_view customer, std::optional<core::Day> first_day);
void append_customer_day(std::string& pack, std::string_view customer, std::int64_t receipts,
                         std::int64_t revenue, std::optional<core::Day> first_day);
// Hands each line of `pack` to `each`, in order (its customer valid while `each` runs);
// kCorrupt for a damaged line, with the lines before it handed over.
core::Status each_customer_day(std::string_view pack,
                               const std::function<void(const PackedCustomerDay&)>& each);
// `pack` with each line of `customer` naming `into` instead and carrying `first_day`.
core::Result<std::string> with_customer(std::string_view pack, std::string_view customer,
                                        std::string_view into, std::optional<core::Day> first_day);

// Rewrites the lines of `customer` in the packs of `day` and `register_id` as with_customer
// does: a merge.
core::Status rewrite_customer_days(Sql& sql, core::Day day, std::string_view register_id,
                                   std::string_view customer, std::string_view into,
                                   std::optional<core::Day> first_day);
// Gives the lines of `customer` carrying first day `was` in the packs of `day` and
// `register_id` first day `now`, by the engine's replace: a first visit that moved.
core::Status move_first_day(Sql& sql, core::Day day, std::string_view register_id,
                            std::string_view customer, std::optional<core::Day> was,
                            std::optional<core::Day> now);

}  // namespace kopilka::office
