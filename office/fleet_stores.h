// The chain's stores (office.md "Stores, registers and chain settings"): name, address and
// time zone, each register belonging to one. Written once for both engines over
// office/sql.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

struct StoreRow {
  std::string id;  // "s-1a2b3c4d"
  std::string name;
  std::string address;
  std::string timezone;  // IANA, e.g. Europe/Moscow
  core::Instant created = 0;
};

core::Result<std::vector<StoreRow>> list_stores(Sql& sql);
core::Result<std::optional<StoreRow>> find_store(Sql& sql, const std::string& id);

// A new store with a fresh id; kInvalid (changing nothing) for an empty name or a time
// zone the zone database does not know.
core::Result<StoreRow> add_store(Sql& sql, const std::string& name, const std::string& address,
                                 const std::string& timezone, core::Instant now);

struct StoreChange {
  std::optional<std::string> name, address, timezone;
};
// The store after the change; kNotFound for an unknown store, kInvalid as add_store.
core::Result<StoreRow> update_store(Sql& sql, const std::string& id, const StoreChange& change);

// {"id", "name", "address", "timezone", "registers": [ids]} (registers filled by the caller).
core::Json store_json(const StoreRow& s);

}  // namespace kopilka::office
