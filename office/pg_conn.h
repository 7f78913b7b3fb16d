// A thin wrapper over libpq for the PostgreSQL engine: one connection, statements with
// text parameters, results read by row and column, errors as core::Status. A lost
// connection is re-established at the next statement outside a transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

struct pg_conn;
struct pg_result;

namespace kopilka::office {

using PgParams = std::vector<std::optional<std::string>>;

class PgResult {
 public:
  explicit PgResult(pg_result* r) : r_(r, &release) {}
  int rows() const;
  int columns() const;
  bool is_null(int row, int col) const;
  std::string text(int row, int col) const;
  std::int64_t int64(int row, int col) const;
  std::int64_t affected() const;  // rows an INSERT/UPDATE/DELETE touched

 private:
  static void release(pg_result* r);
  std::unique_ptr<pg_result, void (*)(pg_result*)> r_;
};

class PgConn {
 public:
  // Connects to a libpq URI (postgresql://…). The password, if any, is never in errors.
  static core::Result<std::unique_ptr<PgConn>> connect(const std::string& uri);
  ~PgConn();

  core::Result<PgResult> exec(const std::string& sql, const PgParams& params = {});
  core::Status run(const std::string& sql, const PgParams& params = {});
  // One statement, even without parameters (exec runs a parameterless text as a script).
  core::Result<PgResult> exec_one(const std::string& sql, const PgParams& params);

 private:
  explicit PgConn(pg_conn* c) : c_(c) {}
  core::Result<PgResult> exec_with(const std::string& sql, const PgParams& params, bool script);
  pg_conn* c_;
};

// A PostgreSQL array literal of text values ({"a","b",NULL}), for one parameter that
// carries a whole group's values: one round trip instead of one per row.
std::string pg_text_array(const std::vector<std::optional<std::string>>& values);

// Runs `body` in one transaction (READ COMMITTED): committed when it returns ok, rolled back
// otherwise.
core::Status pg_transaction(PgConn& db, const std::function<core::Status()>& body);

}  // namespace kopilka::office
