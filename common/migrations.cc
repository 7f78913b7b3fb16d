// Migrations runner; see migrations.h.
#include "common/migrations.h"

namespace kopilka::common {

namespace {

// A migration that rebuilds a table (create the new one, copy, drop the old, rename) would
// trip a foreign key on the DROP, so foreign keys are off while migrations run (the
// pragma is a no-op inside a transaction: it is set around them) and each migration
// proves before it commits that every reference still holds.
Status check_foreign_keys(Db& db) {
  auto check = db.prepare("PRAGMA foreign_key_check");
  if (!check) return check.status();
  auto row = check->step();
  if (!row) return row.status();
  bool broken = *row;
  std::string table = broken ? check->text(0) : "";
  check->reset();
  if (broken) return Status::corrupt("a row of " + table + " lost what it refers to");
  return Status::ok();
}

}  // namespace

std::string upgrade_text(const std::string& program, std::size_t from, std::size_t to) {
  if (from == 0) return program + ": creating the database (schema " + std::to_string(to) + ")";
  return program + ": upgrading the database from schema " + std::to_string(from) + " to " +
         std::to_string(to);
}

Status migrate(Db& db, const std::vector<std::string>& migrations, const std::string& program,
               const std::function<void(const std::string&)>& before_upgrade) {
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
  if (version == migrations.size()) return Status::ok();
  if (before_upgrade) before_upgrade(upgrade_text(program, version, migrations.size()));
  auto keys_on = db.query_int("PRAGMA foreign_keys");
  if (!keys_on) return keys_on.status();
  if (Status s = db.exec("PRAGMA foreign_keys=OFF"); !s) return s;
  Status result = Status::ok();
  for (std::size_t v = version; v < migrations.size() && result; ++v) {
    Status s = in_transaction(db, [&] {
      if (Status e = db.exec(migrations[v]); !e) return e;
      if (Status e = check_foreign_keys(db); !e) return e;
      return db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    });
    if (!s) result = Status(s.code(), "migration " + std::to_string(v + 1) + ": " + s.message());
  }
  if (*keys_on != 0) {
    if (Status s = db.exec("PRAGMA foreign_keys=ON"); !s && result) result = s;
  }
  // A migration that rebuilds a big table writes all of it into the log, and SQLite keeps
  // the log file at its largest size: gigabytes on disk for good. Copied back and emptied.
  if (result) {
    if (Status s = db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); !s) result = s;
  }
  return result;
}

}  // namespace kopilka::common
