// PgSql (pg_sql.h).
#include "office/pg_sql.h"

namespace kopilka::office {

namespace {

// PQexec runs a parameterless text as a script; a statement with no parameters still goes
// through PQexecParams here, so that one statement is one statement.
PgParams with_params(const SqlParams& params) {
  PgParams out;
  out.reserve(params.size());
  for (const SqlParam& p : params) out.push_back(p.as_text());
  return out;
}

}  // namespace

core::Result<std::vector<SqlRow>> PgSql::query(const std::string& sql, const SqlParams& params) {
  auto r = db_.exec_one(sql, with_params(params));
  if (!r) return r.status();
  std::vector<SqlRow> rows;
  rows.reserve(static_cast<std::size_t>(r->rows()));
  int n = r->columns();
  for (int i = 0; i < r->rows(); ++i) {
    SqlRow row;
    row.columns.reserve(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) {
      if (r->is_null(i, c))
        row.columns.emplace_back();
      else
        row.columns.emplace_back(r->text(i, c));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

core::Result<std::int64_t> PgSql::run(const std::string& sql, const SqlParams& params) {
  auto r = db_.exec_one(sql, with_params(params));
  if (!r) return r.status();
  return r->affected();
}

core::Status PgSql::transaction(const std::function<core::Status()>& body) {
  return pg_transaction(db_, body);
}

}  // namespace kopilka::office
