// One SQL seam over both head-office engines, for the parts written once for both (staff,
// audit, stores, customers, settings, reports): statements in the dialect common to SQLite
// and PostgreSQL, parameters as $1, $2 … text values (CAST($1 AS BIGINT) where a type must
// be said), rows read back as text. The engines' own hot paths (pushes, the change feed)
// keep their native code.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace kopilka::office {

using SqlParams = std::vector<std::optional<std::string>>;

struct SqlRow {
  std::vector<std::optional<std::string>> columns;
  bool is_null(std::size_t i) const { return !columns.at(i); }
  const std::string& text(std::size_t i) const;  // "" for NULL
  std::int64_t int64(std::size_t i) const;       // 0 for NULL
};

// One row of a streamed read (Sql::each_row), valid only while the callback runs.
class SqlCursor {
 public:
  virtual ~SqlCursor() = default;
  virtual bool is_null(std::size_t i) const = 0;
  virtual std::int64_t int64(std::size_t i) const = 0;  // 0 for NULL
  // "" for NULL; valid until the next text() of this row.
  virtual std::string_view text(std::size_t i) const = 0;
};

class Sql {
 public:
  virtual ~Sql() = default;
  virtual core::Result<std::vector<SqlRow>> query(const std::string& sql,
                                                  const SqlParams& params = {}) = 0;
  // Hands each row of a query to `row` as it is read, keeping none: for reads of many rows,
  // where making every value a text row costs more than the statement. The default reads
  // the rows through query().
  virtual core::Status each_row(const std::string& sql, const SqlParams& params,
                                const std::function<void(const SqlCursor&)>& row);
  // Runs a statement; the number of rows it changed.
  virtual core::Result<std::int64_t> run(const std::string& sql, const SqlParams& params = {}) = 0;
  // Runs `body` in one write transaction: committed when it returns ok, rolled back
  // otherwise. Not nested.
  virtual core::Status transaction(const std::function<core::Status()>& body) = 0;
  virtual bool is_postgresql() const = 0;
};

// The first row's first column as an integer, or nullopt when there is no row.
core::Result<std::optional<std::int64_t>> query_int(Sql& sql, const std::string& statement,
                                                    const SqlParams& params = {});

inline std::optional<std::string> sql_int(std::int64_t v) {
  return std::to_string(v);
}

}  // namespace kopilka::office
