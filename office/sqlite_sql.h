// The SQL seam (sql.h) over one SQLite connection: $N parameters become SQLite's ?N.
#pragma once

#include "common/db.h"
#include "office/sql.h"

namespace kopilka::office {

class SqliteSql final : public Sql {
 public:
  explicit SqliteSql(common::Db& db) : db_(db) {}
  core::Result<std::vector<SqlRow>> query(const std::string& sql, const SqlParams& params) override;
  // Reads each value straight from the statement: integers stay integers.
  core::Status each_row(const std::string& sql, const SqlParams& params,
                        const std::function<void(const SqlCursor&)>& row) override;
  core::Result<std::int64_t> run(const std::string& sql, const SqlParams& params) override;
  core::Status transaction(const std::function<core::Status()>& body) override;
  bool is_postgresql() const override { return false; }

 private:
  core::Result<common::Stmt> prepare(const std::string& sql, const SqlParams& params);
  common::Db& db_;
};

// "… $1 … $2" → "… ?1 … ?2", leaving quoted text alone.
std::string sqlite_placeholders(const std::string& sql);

}  // namespace kopilka::office
