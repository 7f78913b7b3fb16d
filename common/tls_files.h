// The TLS certificate and key of a server's config, checked as the server will load them:
// --check-config (the unit's ExecStartPre) must refuse what the listener cannot use,
// naming the file and the key, instead of a restart loop after "ok".
#pragma once

#include <string>

#include "core/status.h"

namespace kopilka::common {

// The chain in `cert` (PEM) and the private key in `key` load, belong together, and the
// key is not readable by other users. kInvalid naming "tls.cert" or "tls.key" otherwise.
core::Status check_tls_files(const std::string& cert, const std::string& key);

}  // namespace kopilka::common
