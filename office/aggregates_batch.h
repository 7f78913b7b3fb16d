// Many rows of one upsert written to a statement, for the aggregates' flush (aggregates.h):
// a statement per row was most of the aggregates' cost on the ingest path.
#pragma once

#include <string>

#include "office/sql.h"

namespace kopilka::office {

inline core::Status done(const core::Result<std::int64_t>& r) {
  return r ? core::Status::ok() : r.status();
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

  core::Status write() {
    if (rows_ == 0) return core::Status::ok();
    std::string sql = head_;
    std::size_t n = 0;
    for (std::size_t r = 0; r < rows_; ++r) {
      sql += r ? ", (" : "(";
      for (std::size_t c = 0; c < types_.size(); ++c) {
        const std::string p = "$" + std::to_string(++n);
        sql += c ? ", " : "";
        sql += types_[c] == 'I'   ? "CAST(" + p + " AS INTEGER)"
               : types_[c] == 'B' ? "CAST(" + p + " AS BIGINT)"
                                  : p;
      }
      sql += ")";
    }
    core::Status e = done(sql_.run(sql + " " + tail_, params_));
    params_.clear();
    rows_ = 0;
    return e;
  }

 private:
  static constexpr std::size_t kRows = 200;
  Sql& sql_;
  std::string head_, types_, tail_;
  SqlParams params_;
  std::size_t rows_ = 0;
};

}  // namespace kopilka::office
