// Pieces of JSON text written without a tree, byte for byte as nlohmann's compact dump with
// error_handler_t::replace writes them: the hot paths (a card's state, a sale, a request's
// plain copy) write their text directly instead of building a tree only to dump it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kopilka::core {

// A string, quoted and escaped; bytes that are not UTF-8 become U+FFFD.
void append_json_string(std::string& out, std::string_view s);
void append_json_int(std::string& out, std::int64_t v);

// The dump of json_plain(exact) (json_exact.h) without building that copy: decimals kept as
// literal text are written as plain JSON numbers, everything else as the dump writes it.
void append_plain_json(std::string& out, const nlohmann::json& exact);

}  // namespace kopilka::core
