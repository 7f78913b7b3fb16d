// The chain settings a register pulled from head office (docs/sync.md "Chain settings"):
// once stored they win over the register's own config for point_value,
// no_loyalty_categories and expiry_warning_days, so every register of a chain computes a
// receipt alike. Pure: the store keeps the document (Store::chain_settings).
#pragma once

#include <string>
#include <vector>

#include "core/engine.h"
#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::daemon {

// `local` (the config file's settings) with head office's over it; `office` null: none.
// A document that does not check out is an error (nothing is changed).
core::Result<core::Settings> with_office_settings(const core::Settings& local,
                                                  const core::Json& office);
// The keys head office sets in `office`, in a fixed order (empty for null).
std::vector<std::string> office_setting_keys(const core::Json& office);

}  // namespace kopilka::daemon
