// Durability of files the servers write whole (backups): fsync by path, so a file and
// the directory entry naming it survive a power cut.
#pragma once

#include <string>

namespace kopilka::common {

// fsync of a file or directory by path; false when it cannot be opened or synced.
bool sync_path(const std::string& path);

}  // namespace kopilka::common
