// Brings head office's database to the schema this binary knows (schema/office/*.sql),
// one numbered migration per transaction, tracked by PRAGMA user_version.
#pragma once

#include "office/db.h"

namespace kopilka::office {

// Fails with kCorrupt when the database is newer than this binary (an older binary must
// never write a schema it does not understand).
Status migrate(Db& db);

}  // namespace kopilka::office
