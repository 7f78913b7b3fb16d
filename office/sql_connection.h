// A second connection to head office's database for work off the server's loop thread
// (the notification worker): the SQL seam (sql.h) over its own SQLite or PostgreSQL
// connection. Opens an existing, migrated database; the server's Storage migrates it.
#pragma once

#include <memory>
#include <string>

#include "office/sql.h"
#include "office/storage_url.h"

namespace kopilka::office {

core::Result<std::unique_ptr<Sql>> open_sql_connection(const StorageUrl& url,
                                                       const std::string& data_dir);

}  // namespace kopilka::office
