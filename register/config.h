// kopilkad's configuration (pos-api.md "Starting the daemon", scanners.md): parsed and
// validated from TOML; every error names its key.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/status.h"
#include "drivers/scanner_config.h"

namespace kopilka::daemon {

struct OfficeLink {
  std::string url;  // https://… or http://127.0.0.1:PORT
  std::int64_t sync_interval_s = 300;
  std::string proxy;
  std::string ca_file;
};

struct DaemonConfig {
  std::string path;  // the file it came from (for PUT /v1/admin/config)
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8765;
  std::string data_dir = "/var/lib/kopilka";
  std::string timezone = "Europe/Moscow";
  core::Settings settings;  // zone, point_value, expiry_warning_days, no-loyalty, locale
  std::string pos_token;    // secrets: never logged, never shown
  std::string admin_token;
  std::string log_level = "info";
  std::vector<drivers::ScannerConfig> scanners;
  std::optional<OfficeLink> office;
  std::vector<std::string> warnings;  // about the file itself, for the log and --check-config
};

// The embedded demo's tokens (`kopilkad --demo DIR` writes them into its config): public,
// so a register holding them is the demo, never a shop's.
inline constexpr const char* kDemoPosToken = "demo-pos-token-0000";
inline constexpr const char* kDemoAdminToken = "demo-admin-token-0000";
inline bool is_demo_config(const DaemonConfig& config) {
  return config.pos_token == kDemoPosToken;
}

core::Result<DaemonConfig> load_daemon_config(const std::string& path);
// An [office] url: https://…, or http://127.0.0.1:PORT (loopback only) as the explicit
// opt-in to plain HTTP.
core::Status check_office_url(const std::string& url);
// The keys a config file's top level may have.
const std::set<std::string>& daemon_config_keys();
// `base_dir` resolves relative token files.
core::Result<DaemonConfig> parse_daemon_config(const std::string& toml_text,
                                               const std::string& base_dir);

// The config as JSON for GET /v1/admin/config: tokens redacted.
core::Json config_to_json(const DaemonConfig& config);

}  // namespace kopilka::daemon
