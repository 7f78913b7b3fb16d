// `kopilka-office backup DIR`: a consistent copy of head office's database taken while the
// server runs. Storage-specific: this is the SQLite engine's way (online backup API); a
// PostgreSQL deployment backs up with pg_dump instead (docs/office.md).
#pragma once

#include <chrono>
#include <string>

#include "core/status.h"

namespace kopilka::office {

// The file name a backup taken at `at` gets: office-YYYYMMDD-HHMMSSZ.db (UTC), so backups
// sort by time and never collide with the live office.db.
std::string backup_file_name(std::chrono::system_clock::time_point at);

// Copies data_dir/office.db (or db_path, when set) into `dir` (created 0750 when missing) as a new
// file of mode 0640 named by backup_file_name (with "-2", "-3"… when that name is taken) and
// returns its path. The copy is written under a temporary name, checked, synced and only then
// renamed, so a file with a backup's name is always a whole, checked backup.
core::Result<std::string> backup_office(const std::string& data_dir, const std::string& dir,
                                        std::chrono::system_clock::time_point at,
                                        const std::string& db_path = "");

}  // namespace kopilka::office
