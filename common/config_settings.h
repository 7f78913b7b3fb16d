// The shop settings the register's and head office's configs read alike (docs/
// configuration.md): timezone, point_value, locale, expiry_warning_days and
// no_loyalty_categories. Each reads its key only when present and leaves the default
// otherwise; the first bad value is the error, named by key. Head office's chain settings
// (PUT /v1/admin/settings) and what a register pulls are checked by these same readers.
#pragma once

#include <string>

#include <toml++/toml.h>

#include "core/engine.h"
#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::common {

// `timezone` (an IANA name) into `name`, and the zone it names (the default's too) into
// settings.zone.
core::Status read_timezone(const toml::table& root, std::string& name, core::Settings& settings);
// `point_value`: kopecks per point, 1 to 1 000 000.
core::Status read_point_value(const toml::table& root, core::Settings& settings);
// `locale`: "ru" or "en".
core::Status read_locale(const toml::table& root, core::Settings& settings);
// `expiry_warning_days`: 0 to 366.
core::Status read_expiry_warning_days(const toml::table& root, core::Settings& settings);
// `no_loyalty_categories`: an array of at most kMaxNoLoyaltyCategories strings of 1 to 256
// characters.
inline constexpr std::size_t kMaxNoLoyaltyCategories = 100;
core::Status read_no_loyalty_categories(const toml::table& root, core::Settings& settings);

// `wallet_offline_hours`: 1 to 8760; `wallet_offline_limit`: 0 to 10^13 kopecks.
core::Status read_wallet_offline(const toml::table& root, core::Settings& settings);

// The chain settings head office sets for every register (office.md "Stores, registers and
// chain settings"): point_value, no_loyalty_categories, expiry_warning_days, and the
// offline wallet limit (programs.md "wallet").
inline constexpr const char* kChainSettingKeys[] = {"point_value", "no_loyalty_categories",
                                                    "expiry_warning_days", "wallet_offline_hours",
                                                    "wallet_offline_limit"};
bool is_chain_setting(const std::string& key);
// A JSON value as the TOML node a config file would hold, so that a value given through an
// API is checked by the very readers above (one rule for the file and the API).
toml::table json_to_toml_table(const core::Json& object);
// Applies the chain setting keys present in `object` (a JSON object) to `settings`, each
// checked as in the config file; other keys are left to the caller. On error nothing of
// `settings` has changed.
core::Status apply_chain_settings_json(const core::Json& object, core::Settings& settings);
// The chain settings of `settings` as JSON: {"point_value", "no_loyalty_categories",
// "expiry_warning_days", "wallet_offline_hours", "wallet_offline_limit"}.
core::Json chain_settings_json(const core::Settings& settings);

}  // namespace kopilka::common
