// PUT /v1/admin/config: changes the settings that take effect without a restart
// (point_value, expiry_warning_days, no_loyalty_categories, locale, log_level, timezone)
// in the config file itself, validated as a whole before it is written.
#pragma once

#include "core/json_exact.h"
#include "core/status.h"
#include "register/config.h"

namespace kopilka::daemon {

// Validates `changes`, rewrites `config.path` atomically (common::write_file_atomically; the
// file keeps its mode and owner) and
// returns the new config. Keys that need a restart (listen, data_dir, tokens, scanners,
// office) are refused with the key named.
core::Result<DaemonConfig> edit_config_file(const DaemonConfig& config, const core::Json& changes);

// Sets `[office] url` in the config file (at enrolment), and `ca_file` when given (a head
// office with a private CA), keeping every other key; validated like the rest of the file.
core::Result<DaemonConfig> set_office_url_in_file(const DaemonConfig& config,
                                                  const std::string& url,
                                                  const std::string& ca_file = "");

}  // namespace kopilka::daemon
