// The shift-close backups in backups/ and their order: newest by the order they were made,
// never by the clock. A backup made while the clock was a year ahead was named by that time,
// so it stayed "the newest" for a year: the one `kopilka doctor --restore-backup` chose,
// and never pruned, while the real ones were.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"

namespace kopilka::daemon {

struct BackupFile {
  std::string path;
  std::int64_t seq = 0;  // 0 for a name of before sequence numbers (kopilka-<time>.db)
  std::int64_t time = 0;
};

// Every backup in `dir` (kopilka-<seq>-<unix time>.db, or the older kopilka-<unix time>.db),
// oldest first: by sequence, the older names first by their time.
std::vector<BackupFile> list_backups(const std::string& dir);

// The name of the next backup: one past the largest sequence in `dir`, zero-padded so that
// names sort as they were made, and the clock's time for people to read.
std::string next_backup_name(const std::string& dir, core::Instant now);

}  // namespace kopilka::daemon
