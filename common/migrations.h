// Brings a database to the schema a binary knows: numbered migrations applied one per
// transaction and tracked by PRAGMA user_version.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/db.h"

namespace kopilka::common {

// Fails with kCorrupt when the database is newer than `migrations` (an older binary
// must never write a schema it does not understand); `program` names the binary.
// `before_upgrade` hears what is about to run when any migration is due (a server tells
// systemd that its start takes longer), never otherwise.
Status migrate(Db& db, const std::vector<std::string>& migrations, const std::string& program,
               const std::function<void(const std::string&)>& before_upgrade = {});

// What `program` is doing when it migrates from schema `from` to `to`: "creating the
// database (schema 19)" for a new one, "upgrading the database from schema 18 to 19".
std::string upgrade_text(const std::string& program, std::size_t from, std::size_t to);

}  // namespace kopilka::common
