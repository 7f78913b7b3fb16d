// The receipts a later refund or cancellation gives back (schema 028): kept in packs, one
// per register, day and group of pushes, a receipt a line, instead of a row each. A group's
// packs land together at the end of their day, where its rows of report_receipts landed at
// a place of their own for each register (docs/benchmarks.md "Reports", seventh pass).
// A line is "\n" then the receipt id, its customer ("" for none), its total and its
// programs (as schema 008 wrote them), separated by tabs; a backslash, a tab or a line
// break inside a field is written \\, \t or \n, so that "\n" + id + "\t" begins exactly
// the lines of that receipt id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

// A receipt as a return reads it.
struct PackedReceipt {
  std::optional<std::string> customer;  // nullopt: a receipt without a card
  std::int64_t total = 0;
  std::string programs;
};

// Appends a line for receipt `id` to `pack` (`customer` nullopt: without a card).
void append_receipt(std::string& pack, std::string_view id,
                    std::optional<std::string_view> customer, std::int64_t total,
                    std::string_view programs);
// The first line of receipt `id` in `pack`; nullopt: none. kCorrupt for a damaged line.
core::Result<std::optional<PackedReceipt>> find_in_pack(std::string_view pack, std::string_view id);
// Takes the first line of receipt `id` out of `pack`; false when it has none.
bool remove_from_pack(std::string& pack, std::string_view id);

// Where a stored receipt was found: its day and pack, and the pack's text as read.
struct FoundReceipt {
  core::Day day = 0;
  std::int64_t pack = 0;
  std::string text;
  PackedReceipt receipt;  // its customer the survivor of a merge since (customer_merges)
};

// Receipt `id` of `register_id`, looked for from `latest_day` back through the days the
// chain sold anything on (report_chain_days), most often found on the first; of one day,
// in its newest pack that has it: a receipt id sold twice (a register whose numbers start
// again each shift) is returned from its latest sale. nullopt: none. `no_merges`: the
// caller knows customer_merges to be empty, so the customer is not looked up there.
core::Result<std::optional<FoundReceipt>> find_receipt(Sql& sql, std::string_view register_id,
                                                       std::string_view id, core::Day latest_day,
                                                       bool no_merges = false);

// The number the next pack of `day` takes: one past its packs'.
core::Result<std::int64_t> next_pack(Sql& sql, core::Day day);

}  // namespace kopilka::office
