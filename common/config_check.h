// `--check-config`: how every Kopilka server reports the verdict on a config file, so a
// technician (and systemd's ExecStartPre) reads the same thing from each.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace kopilka::common {

// Ok: prints "FILE: ok" to `out`, and each of `warnings` as "PROGRAM: warning: …" to `err`,
// returns 0. Bad: prints "PROGRAM: FILE: FIELD: problem" (FIELD left out when no key is to
// blame) to `err`, returns 2.
int report_config_check(std::string_view program, const std::string& path,
                        const core::Status& verdict, std::ostream& out, std::ostream& err,
                        const std::vector<std::string>& warnings = {});

}  // namespace kopilka::common
