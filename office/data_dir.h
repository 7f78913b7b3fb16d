// Head office's data dir holds every customer's name, phone and birthday: it is the
// service user's and its group's alone (dir 0750, office.db and its -wal/-shm 0640).
// New ones are made so; looser ones a technician left are reported at start, not changed.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace kopilka::office {

// Creates data_dir 0750 if missing (an existing one keeps its mode).
core::Status make_data_dir(const std::string& data_dir);
// Sets office.db, -wal and -shm (those that exist) to 0640.
void restrict_database_files(const std::string& db_path);
// One line per file of the data dir that other users may read or write, with the chmod
// that fixes it; empty when all is private.
std::vector<std::string> loose_permissions(const std::string& data_dir);

}  // namespace kopilka::office
