// Head office configuration (office.toml, sync.md "Running it"): where to listen and
// store, the business zone and point value, the admin token, and TLS.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/status.h"
#include "office/client_address.h"
#include "office/notify_config.h"
#include "office/storage_url.h"

namespace kopilka::office {

struct OfficeConfig {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8443;
  std::string data_dir;
  StorageUrl storage;  // [storage] url; SQLite in data_dir by default
  std::string timezone = "Europe/Moscow";
  core::Settings settings;  // zone, point_value, locale for the rules engine
  std::string admin_token;  // never logged
  std::string tls_cert;
  std::string tls_key;
  bool insecure_http = false;
  NotifyConfig notify;                      // [notify]
  std::int64_t session_idle = 30 * 60;      // [auth] session_idle, seconds
  std::int64_t session_max = 12 * 60 * 60;  // [auth] session_max: from sign-in, however busy
  std::vector<ProxyRange> trusted_proxies;  // [auth] trusted_proxies
  // [auth] max_connections_per_address: what one client address may hold at once (0: no
  // limit); loopback and the trusted proxies are held to the global limit only.
  std::int64_t max_connections_per_address = 256;
  std::vector<std::string> warnings;  // about the file itself, for the log and --check-config
};

// Parses and validates office.toml. Unknown keys and bad values fail with the key named
// in Status::field. Plain HTTP is allowed only with insecure_http = true on loopback.
core::Result<OfficeConfig> load_office_config(const std::string& path);
core::Result<OfficeConfig> parse_office_config(const std::string& toml_text,
                                               const std::string& base_dir);

}  // namespace kopilka::office
