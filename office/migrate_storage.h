// `kopilka-office migrate-storage --to postgresql://…`: moves head office from its SQLite
// file to an empty PostgreSQL database (docs/office.md "Moving from SQLite to PostgreSQL").
// Every table is copied as it is, the server sequence included, so registers' credentials
// and pull cursors stay valid on the new engine.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/engine.h"
#include "core/status.h"

namespace kopilka::office {

struct MigrationReport {
  std::vector<std::pair<std::string, std::int64_t>> rows;  // table, rows copied (by name)
  std::int64_t sequence = 0;                               // the server sequence carried over
};

// Copies the SQLite database at sqlite_path (checked and migrated first) into the database
// `postgres_uri` names (migrated first), in one transaction on each side: a consistent
// moment of the source, all or nothing in the target. Refuses (kConflict, nothing written)
// a target that already holds data, and (kInvalid) a source table or column the target's
// schema does not have.
core::Result<MigrationReport> migrate_sqlite_to_postgres(const std::string& data_dir,
                                                         const std::string& sqlite_path,
                                                         const std::string& postgres_uri,
                                                         const core::Settings& settings);

}  // namespace kopilka::office
