// Migrations runner; see migrations.h.
#include "common/migrations.h"

namespace kopilka::common {

Status migrate(Db& db, const std::vector<std::string>& migrations, const std::string& program) {
  auto version_stmt = db.prepare("PRAGMA user_version");
  if (!version_stmt) return version_stmt.status();
  auto row = version_stmt->step();
  if (!row) return row.status();
  auto version = static_cast<std::size_t>(version_stmt->int64(0));
  version_stmt->reset();
  if (version > migrations.size()) {
    return Status::corrupt("the database has schema version " + std::to_string(version) +
                           ", newer than this " + program + " understands (" +
                           std::to_string(migrations.size()) + "); install the newer version");
  }
  for (std::size_t v = version; v < migrations.size(); ++v) {
    Status s = in_transaction(db, [&] {
      if (Status e = db.exec(migrations[v]); !e) return e;
      return db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    });
    if (!s) return Status(s.code(), "migration " + std::to_string(v + 1) + ": " + s.message());
  }
  return Status::ok();
}

}  // namespace kopilka::common
