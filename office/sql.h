// One SQL seam over both head-office engines, for the parts written once for both (staff,
// audit, stores, customers, settings, reports): statements in the dialect common to SQLite
// and PostgreSQL, parameters as $1, $2 … text values or integers (CAST($1 AS BIGINT) where a
// type must be said), rows read back as text. The engines' own hot paths (pushes, the change feed)
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

// One parameter: text, NULL, or an integer (sql_int). Both engines take it as text where the
// statement casts it; SQLite binds an integer as one, which spares converting text to a
// number and back for every value of a batch of many rows (aggregates_batch.h).
class SqlParam {
 public:
  SqlParam() = default;  // NULL
  SqlParam(std::nullopt_t) {}
  SqlParam(std::string text) : text_(std::move(text)) {}
  SqlParam(const char* text) : text_(text) {}
  SqlParam(std::optional<std::string> text) : text_(std::move(text)) {}
  static SqlParam integer(std::int64_t v) {
    SqlParam p;
    p.integer_ = v;
    return p;
  }
  // Text that is not copied: it must outlive the statement the parameter is given to. For
  // batches of thousands of rows that name the same registers and customers over again.
  static SqlParam borrowed(std::string_view text) {
    SqlParam p;
    p.borrowed_ = text;
    return p;
  }

  bool is_null() const { return !text_ && !integer_ && !borrowed_; }
  const std::optional<std::int64_t>& as_integer() const { return integer_; }
  // The value as text (an integer in decimal), nullopt for NULL.
  std::optional<std::string> as_text() const {
    if (integer_) return std::to_string(*integer_);
    if (borrowed_) return std::string(*borrowed_);
    return text_;
  }
  // The text of a text parameter, nullopt for NULL; only when !as_integer().
  std::optional<std::string_view> text() const {
    if (borrowed_) return borrowed_;
    if (text_) return std::string_view(*text_);
    return std::nullopt;
  }

 private:
  std::optional<std::string> text_;
  std::optional<std::int64_t> integer_;
  std::optional<std::string_view> borrowed_;
};

using SqlParams = std::vector<SqlParam>;

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

inline SqlParam sql_int(std::int64_t v) {
  return SqlParam::integer(v);
}

}  // namespace kopilka::office
