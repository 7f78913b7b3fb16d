// Reads of many keys by `WHERE key IN (…)`, a statement per few hundred keys: a statement
// of thousands of parameters is parsed anew each time, and SQLite caps their number.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "office/sql.h"

namespace kopilka::office {

// Each key of `keys` read by `head` ("SELECT key, … FROM … WHERE key IN ("), in chunks of
// 400; `row` is given every row read.
template <typename Row>
core::Status read_in_chunks(Sql& sql, const std::string& head,
                            const std::vector<std::string_view>& keys, Row&& row) {
  constexpr std::size_t kPerQuery = 400;
  for (std::size_t at = 0; at < keys.size(); at += kPerQuery) {
    std::string in;
    SqlParams p;
    for (std::size_t i = at; i < std::min(keys.size(), at + kPerQuery); ++i) {
      in += (in.empty() ? "$" : ", $") + std::to_string(p.size() + 1);
      p.push_back(SqlParam::borrowed(keys[i]));
    }
    if (core::Status read = sql.each_row(head + in + ")", p, row); !read) return read;
  }
  return core::Status::ok();
}

}  // namespace kopilka::office
