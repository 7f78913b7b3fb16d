// The sync calls `kopilka sync` and `kopilka enroll` share: through the running kopilkad, or
// on the database directly when it is stopped, with their summary printed alike.
#pragma once

#include <string>

#include "cli/cli_context.h"
#include "core/json_exact.h"
#include "register/config.h"
#include "register/office_client.h"

namespace kopilka::cli {

// A head office URL without its trailing slashes, to compare two.
std::string without_slash(std::string url);
// Whether kopilkad answers its health check (3 s).
bool daemon_running(const daemon::DaemonConfig& config);
// How to reach head office at `url` with this register's credential (if it has one).
daemon::OfficeEndpoint endpoint_for(const daemon::DaemonConfig& config, const std::string& url);
// A sync through the running daemon, its progress shown on a terminal while it runs.
core::Result<core::Json> sync_via_daemon(const CliContext& ctx, const daemon::DaemonConfig& config);
// The same sync on the database directly, under kopilkad's lock (it is stopped).
core::Result<core::Json> sync_directly(const CliContext& ctx, const daemon::DaemonConfig& config,
                                       const std::string& url);
// "synced: pushed 3, pulled 10, pending 0", and the error under it.
void print_summary(const CliContext& ctx, const core::Json& summary);
// 0 for a sync that went through, 1 otherwise.
int sync_result_code(const core::Json& summary);

}  // namespace kopilka::cli
