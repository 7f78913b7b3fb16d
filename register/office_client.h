// The register's HTTP client for head office (docs/sync.md): one blocking libcurl call per
// request, with connect and total timeouts, certificate verification (a private CA file
// may be given), an optional proxy, the protocol header and the register's credential.
// Thread-safe: each call uses its own handle, so the sync worker thread and the CLI call it
// freely. Call office_client_init() once before any thread starts. Every call to head
// office goes through here (the daemon's sync, `kopilka sync`, `enroll` and `doctor`), so
// that what the technician is told matches what kopilkad can do.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/json_exact.h"
#include "core/status.h"
#include "register/config.h"

namespace kopilka::daemon {

inline constexpr int kSyncProtocol = 1;
// The register's app version, as it reports it to head office (Kopilka-Register-Version).
inline constexpr const char* kRegisterVersion = "0.1.0";

struct OfficeEndpoint {
  std::string url;         // https://office.example.ru or http://127.0.0.1:PORT
  std::string ca_file;     // empty: the system's CAs
  std::string proxy;       // empty: none (a systemd service has no proxy environment)
  std::string credential;  // "<register_id>.<secret>"; empty before enrolment
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{60000};
};

// Sets up libcurl (curl_global_init); once per process, before any other thread starts.
// Later calls do nothing.
void office_client_init();

// The endpoint of an [office] link with this register's credential ("" before enrolment):
// its url, CA file and proxy, and the default timeouts.
OfficeEndpoint office_endpoint(const OfficeLink& link, std::string credential);

struct OfficeRequest {
  std::string method;  // GET or POST
  std::string path;    // /v1/sync/push, with its query
  std::string body;    // JSON for POST
  // Further headers (name, value): what a sync call reports about the register.
  std::vector<std::pair<std::string, std::string>> headers{};
};

struct OfficeAnswer {
  long status = 0;
  core::Json body;         // parsed exactly; null when the answer was not JSON
  std::string text{};      // a pull page in format 2 (docs/sync.md), as it came; body is null
  std::int64_t date = -1;  // the Date header as unix seconds; -1 when absent
  // The Kopilka-Office-Epoch header: which history head office's database holds (docs/sync.md
  // "Head office restored"); empty from a head office that does not say.
  std::string epoch{};
};

// Status::field() of a failed call whose cause is TLS (certificate not accepted, handshake).
inline constexpr const char* kOfficeTlsField = "tls";

// Makes one call. A network failure (refused, reset, timed out, TLS) is kUnavailable with
// curl's reason and the url (field kOfficeTlsField for a TLS failure); any HTTP answer is returned
// as it came. `cancel` (may be null) aborts a call in flight when it becomes true, for a quick
// shutdown.
core::Result<OfficeAnswer> office_call(const OfficeEndpoint& endpoint, const OfficeRequest& request,
                                       const std::atomic<bool>* cancel = nullptr);

// "error.message" of an error answer, or a sentence with its status.
// A 401/403 on a register path means head office refuses this register's credential.
std::string office_error_text(const OfficeAnswer& answer);

}  // namespace kopilka::daemon
