// The chain settings a register pulled from head office (docs/sync.md "Chain settings"):
// once stored they win over the register's own config for point_value,
// no_loyalty_categories, expiry_warning_days and the wallet's offline limits, and the
// store's time zone over the file's timezone, so every register of a chain computes a
// receipt alike. Pure: the store keeps the document (Store::chain_settings).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/engine.h"
#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::daemon {

// Where a register keeps its store's time zone as head office last said it (meta table).
inline constexpr std::string_view kStoreTimezoneKey = "store_timezone";

// The chain settings as a register uses them: head office's document (null: none) with the
// register's store's time zone (`timezone`, empty: not said yet) added, which head office
// sends with every pull page rather than as a chain setting (docs/sync.md "The register's
// time zone"): a register's days are its store's.
core::Json with_store_timezone(core::Json office, const std::string& timezone);

// `local` (the config file's settings) with head office's over it; `office` null: none.
// A document that does not check out is an error (nothing is changed).
core::Result<core::Settings> with_office_settings(const core::Settings& local,
                                                  const core::Json& office);
// The keys head office sets in `office`, in a fixed order (empty for null).
std::vector<std::string> office_setting_keys(const core::Json& office);

}  // namespace kopilka::daemon
