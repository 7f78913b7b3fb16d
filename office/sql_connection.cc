// open_sql_connection (sql_connection.h).
#include "office/sql_connection.h"

#include "common/db.h"
#include "office/pg_conn.h"
#include "office/pg_sql.h"
#include "office/sqlite_sql.h"

namespace kopilka::office {

namespace {

// The connection and the seam over it, owned together.
template <typename Conn, typename Seam>
class Owned final : public Sql {
 public:
  explicit Owned(std::unique_ptr<Conn> conn) : conn_(std::move(conn)), seam_(*conn_) {}
  core::Result<std::vector<SqlRow>> query(const std::string& sql, const SqlParams& p) override {
    return seam_.query(sql, p);
  }
  core::Status each_row(const std::string& sql, const SqlParams& p,
                        const std::function<void(const SqlCursor&)>& row) override {
    return seam_.each_row(sql, p, row);
  }
  core::Result<std::int64_t> run(const std::string& sql, const SqlParams& p) override {
    return seam_.run(sql, p);
  }
  core::Status transaction(const std::function<core::Status()>& body) override {
    return seam_.transaction(body);
  }
  bool is_postgresql() const override { return seam_.is_postgresql(); }

 private:
  std::unique_ptr<Conn> conn_;
  Seam seam_;
};

}  // namespace

core::Result<std::unique_ptr<Sql>> open_sql_connection(const StorageUrl& url,
                                                       const std::string& data_dir) {
  if (url.engine == StorageUrl::Engine::kPostgres) {
    auto c = PgConn::connect(url.postgres);
    if (!c) return c.status();
    return std::unique_ptr<Sql>(new Owned<PgConn, PgSql>(std::move(*c)));
  }
  auto db = common::Db::open(url.sqlite_path.empty() ? data_dir + "/office.db" : url.sqlite_path);
  if (!db) return db.status();
  return std::unique_ptr<Sql>(new Owned<common::Db, SqliteSql>(std::move(*db)));
}

}  // namespace kopilka::office
