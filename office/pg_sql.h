// The SQL seam (sql.h) over one PostgreSQL connection.
#pragma once

#include "office/pg_conn.h"
#include "office/sql.h"

namespace kopilka::office {

class PgSql final : public Sql {
 public:
  explicit PgSql(PgConn& db) : db_(db) {}
  core::Result<std::vector<SqlRow>> query(const std::string& sql, const SqlParams& params) override;
  core::Result<std::int64_t> run(const std::string& sql, const SqlParams& params) override;
  core::Status transaction(const std::function<core::Status()>& body) override;
  bool is_postgresql() const override { return true; }

 private:
  PgConn& db_;
};

}  // namespace kopilka::office
