// Head office migrations; see migrations.h.
#include "office/migrations.h"

#include <string>
#include <vector>

namespace kopilka::schema {
const std::vector<std::string>& office_migrations();
}

namespace kopilka::office {

Status migrate(Db& db) {
  const auto& migrations = schema::office_migrations();
  auto version_stmt = db.prepare("PRAGMA user_version");
  if (!version_stmt) return version_stmt.status();
  auto row = version_stmt->step();
  if (!row) return row.status();
  auto version = static_cast<std::size_t>(version_stmt->int64(0));
  version_stmt->reset();
  if (version > migrations.size()) {
    return Status::corrupt("the database has schema version " + std::to_string(version) +
                           ", newer than this kopilka-office understands (" +
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

}  // namespace kopilka::office
