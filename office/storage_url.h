// `[storage] url` of office.toml (docs/office.md): which engine holds head office's data.
// "sqlite" (data_dir/office.db), "sqlite:///path/office.db", or "postgresql://…" (also
// "postgres://…"), handed to libpq as it is.
#pragma once

#include <string>

#include "core/status.h"

namespace kopilka::office {

struct StorageUrl {
  enum class Engine { kSqlite, kPostgres };
  Engine engine = Engine::kSqlite;
  std::string sqlite_path;  // empty: data_dir/office.db
  std::string postgres;     // the libpq connection URI
};

// Where a SQLite office keeps its lock (kopilka-office.lock): beside its database file, so
// that two head offices with different data dirs cannot both serve one file.
std::string sqlite_lock_dir(const StorageUrl& url, const std::string& data_dir);

// kInvalid (field "storage.url") for anything else, naming the forms accepted; a
// postgresql:// URI libpq cannot read is refused here, not at start.
core::Result<StorageUrl> parse_storage_url(const std::string& url);

// `text` (an error message of libpq's, which may quote the URI) with the password `uri`
// holds, in its user part or as ?password=, replaced by "***": credentials are never
// printed or logged.
std::string without_password(std::string text, const std::string& uri);

}  // namespace kopilka::office
