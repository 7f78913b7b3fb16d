// Head office's epoch (schema 21): a random name for the history its database holds, sent
// with every sync answer in the Kopilka-Office-Epoch header. A database restored from a
// backup has gone back in time: the entries registers pushed after the backup are gone and
// their pull cursors no longer mean anything. Such a database gets a new epoch (a backup
// carries one of its own from the moment it is made; `kopilka-office restored` gives one
// after any other restore), and a register that sees the epoch change sends its whole
// journal again and pulls everything afresh (docs/sync.md "Head office restored").
#pragma once

#include <string>

#include "core/status.h"
#include "office/sql.h"

namespace kopilka::office {

inline constexpr const char* kEpochHeader = "Kopilka-Office-Epoch";

core::Result<std::string> office_epoch(Sql& sql);
// Gives the database a new epoch and returns it.
core::Result<std::string> renew_office_epoch(Sql& sql);
// A new epoch's text: 32 random hex digits.
std::string new_office_epoch();

}  // namespace kopilka::office
