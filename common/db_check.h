// Checking and copying whole SQLite database files: the start-up integrity check and the
// online backup both servers use. Kept apart from db.h's row access: these are the
// operations a second storage engine would do its own way.
#pragma once

#include <string>

#include "common/db.h"

namespace kopilka::common {

// PRAGMA quick_check on `db`: ok; kCorrupt when the file is damaged (or cannot even be
// read as a database); or the error that stopped the check (an interrupt at shutdown),
// which says nothing about the file.
Status quick_check(Db& db);

// Copies the database file at `from` into the new file `to` with SQLite's online backup
// API, in one read transaction: a consistent snapshot while other connections keep writing
// (WAL readers do not block writers). The copy is made self-contained (no -wal file) and
// passes quick_check before this returns ok; a damaged copy is kCorrupt. `to` should exist
// already with the wanted owner and mode (an empty file); `from` must exist.
Status backup_database(const std::string& from, const std::string& to);

}  // namespace kopilka::common
