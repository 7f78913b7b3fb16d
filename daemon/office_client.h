// The register's HTTP client for head office (docs/sync.md): one blocking libcurl call per
// request, with connect and total timeouts, certificate verification (a private CA file
// may be given), an optional proxy, the protocol header and the register's credential.
// Thread-safe: each call uses its own handle, so the sync worker thread and the CLI call it
// freely. Call curl_global_init once in main before any thread starts.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::daemon {

inline constexpr int kSyncProtocol = 1;

struct OfficeEndpoint {
  std::string url;         // https://office.example.ru or http://127.0.0.1:PORT
  std::string ca_file;     // empty: the system's CAs
  std::string proxy;       // empty: none (a systemd service has no proxy environment)
  std::string credential;  // "<register_id>.<secret>"; empty before enrolment
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{60000};
};

struct OfficeRequest {
  std::string method;  // GET or POST
  std::string path;    // /v1/sync/push, with its query
  std::string body;    // JSON for POST
};

struct OfficeAnswer {
  long status = 0;
  core::Json body;  // parsed exactly; null when the answer was not JSON
};

// Makes one call. A network failure (refused, reset, timed out, TLS) is kUnavailable with
// curl's reason; any HTTP answer is returned as it came. `cancel` (may be null) aborts a
// call in flight when it becomes true, for a quick shutdown.
core::Result<OfficeAnswer> office_call(const OfficeEndpoint& endpoint, const OfficeRequest& request,
                                       const std::atomic<bool>* cancel = nullptr);

// "error.message" of an error answer, or a sentence with its status.
std::string office_error_text(const OfficeAnswer& answer);

}  // namespace kopilka::daemon
