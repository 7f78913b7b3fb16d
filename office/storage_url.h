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

// kInvalid (field "storage.url") for anything else, naming the forms accepted.
core::Result<StorageUrl> parse_storage_url(const std::string& url);

}  // namespace kopilka::office
