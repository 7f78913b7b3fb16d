// JSON parsing that keeps numbers exact. nlohmann::json would turn 2.3 into a double;
// here every non-integer number (and every integer too large for int64) is kept as its
// literal text, tagged as a "decimal" (a binary value with subtype kDecimalSubtype), so
// quantities, percents and money are read without floating point. Also rejects duplicate
// keys and nesting deeper than a limit, which a hostile body might use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace kopilka::core {

using Json = nlohmann::json;

inline constexpr std::uint8_t kDecimalSubtype = 0x44;  // 'D'
inline constexpr int kMaxJsonDepth = 32;

// Parses a whole document. On error the message says where (byte offset) and why.
Result<Json> parse_json_exact(std::string_view text);
// JSON a store wrote itself, read back (cards, receipts, programs): text that no longer
// parses means the database was damaged, so it is kCorrupt naming `what`, never a crash.
Result<Json> parse_stored(std::string_view text, const std::string& what);

// As parse_stored, with decimals as plain JSON numbers (json_plain): for a stored answer or
// entry sent again as it was first written. A tree from parse_stored dumps its decimals as
// binary values ({"bytes": …}), which no client can read.
Result<Json> parse_stored_plain(std::string_view text, const std::string& what);

// True for a number kept as literal text by parse_json_exact.
bool is_decimal(const Json& v);
// The literal text of a decimal, or of an integer; empty for anything else.
std::string number_text(const Json& v);

// A JSON number (integer or exact decimal) as value × 10^places. With allow_string, a
// string holding a decimal ("2.300") is accepted too. Errors carry no field: callers
// name it with Status::under or by passing it in.
Result<std::int64_t> json_scaled(const Json& v, int places, bool allow_string = false);
// A JSON number that must be a whole number: 45000 or 4.5e4, not 450.5.
Result<std::int64_t> json_integer(const Json& v);

// Converts decimals back to plain JSON numbers (for echoing stored documents).
Json json_plain(const Json& v);

}  // namespace kopilka::core
