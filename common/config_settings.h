// The shop settings the register's and head office's configs read alike (docs/
// configuration.md): timezone, point_value and locale. Each reads its key only when
// present and leaves the default otherwise; the first bad value is the error, named by key.
#pragma once

#include <string>

#include <toml++/toml.h>

#include "core/engine.h"
#include "core/status.h"

namespace kopilka::common {

// `timezone` (an IANA name) into `name`, and the zone it names (the default's too) into
// settings.zone.
core::Status read_timezone(const toml::table& root, std::string& name, core::Settings& settings);
// `point_value`: kopecks per point, 1 to 1 000 000.
core::Status read_point_value(const toml::table& root, core::Settings& settings);
// `locale`: "ru" or "en".
core::Status read_locale(const toml::table& root, core::Settings& settings);

}  // namespace kopilka::common
