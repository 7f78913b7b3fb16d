// Many rows of one upsert written to a statement, for the aggregates' flush (aggregates.h):
// a statement per row was most of the aggregates' cost on the ingest path.
#pragma once

#include <algorithm>
#include <bit>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "office/sql.h"

namespace kopilka::office {

inline core::Status done(const core::Result<std::int64_t>& r) {
  return r ? core::Status::ok() : r.status();
}

// A map's entries in the order `less` gives their keys: the aggregates key their sums by
// numbers and write them in their texts' order.
template <class Map, class Less>
std::vector<const typename Map::value_type*> in_order(const Map& map, Less less) {
  std::vector<const typename Map::value_type*> out;
  out.reserve(map.size());
  for (const auto& entry : map) out.push_back(&entry);
  std::sort(out.begin(), out.end(),
            [&](const auto* a, const auto* b) { return less(a->first, b->first); });
  return out;
}

// `types` says each column's cast: I integer, B bigint, T text. Keys are distinct within a flush,
// as PostgreSQL requires of one statement.
class RowBatch {
 public:
  RowBatch(Sql& sql, std::string head, std::string types, std::string tail)
      : sql_(sql), head_(std::move(head)), types_(std::move(types)), tail_(std::move(tail)) {}

  core::Status add(SqlParams row) {
    for (auto& v : row) params_.push_back(std::move(v));
    if (++rows_ == kRows) return write();
    return core::Status::ok();
  }

  // Writes the rows added so far. A batch short of kRows goes out in chunks of powers of
  // two, so each table has a handful of statement texts, all prepared once and cached: a
  // statement of any other length was parsed anew (its hundreds of parameters, every flush).
  core::Status write() {
    const std::size_t columns = types_.size();
    std::size_t done_rows = 0;
    core::Status e = core::Status::ok();
    while (e && done_rows < rows_) {
      const std::size_t n = std::bit_floor(rows_ - done_rows);
      if (n == rows_) {
        e = done(sql_.run(statement(n), params_));
      } else {
        const auto from = params_.begin() + static_cast<std::ptrdiff_t>(done_rows * columns);
        e = done(sql_.run(
            statement(n),
            SqlParams(std::make_move_iterator(from),
                      std::make_move_iterator(from + static_cast<std::ptrdiff_t>(n * columns)))));
      }
      done_rows += n;
    }
    params_.clear();
    rows_ = 0;
    return e;
  }

 private:
  // The statement for `rows` rows, made once per length. SQLite's parameters are its
  // anonymous ?, numbered in order, so that every row reads the same and the text, made
  // anew for every flush, is short; PostgreSQL's are $N.
  const std::string& statement(std::size_t rows) {
    std::string& sql = statements_[rows];
    if (!sql.empty()) return sql;
    sql = head_;
    if (!sql_.is_postgresql()) {
      std::string row = "(";
      for (std::size_t c = 0; c < types_.size(); ++c) row += c ? ", ?" : "?";
      row += ")";
      sql.reserve(head_.size() + rows * (row.size() + 2) + tail_.size() + 1);
      for (std::size_t r = 0; r < rows; ++r) (sql += r ? ", " : "") += row;
      return sql += " " + tail_;
    }
    std::size_t n = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r ? ", (" : "(";
      for (std::size_t c = 0; c < types_.size(); ++c) {
        const std::string p = "$" + std::to_string(++n);
        sql += c ? ", " : "";
        // PostgreSQL is sent text: the cast says what a number's column takes.
        sql += types_[c] == 'T'   ? p
               : types_[c] == 'I' ? "CAST(" + p + " AS INTEGER)"
                                  : "CAST(" + p + " AS BIGINT)";
      }
      sql += ")";
    }
    return sql += " " + tail_;
  }

  static constexpr std::size_t kRows = 256;
  Sql& sql_;
  std::string head_, types_, tail_;
  SqlParams params_;
  std::size_t rows_ = 0;
  std::map<std::size_t, std::string> statements_;
};

}  // namespace kopilka::office
