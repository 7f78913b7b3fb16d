// Who is calling: the POS token, the admin token, or nobody (pos-api.md "Auth"). Tokens
// are compared in constant time so that timing tells nothing about them.
#pragma once

#include <string>

#include "register/config.h"

namespace kopilka::daemon {

enum class Role { kNone, kPos, kAdmin };

// `authorization` is the Authorization header ("Bearer <token>"), empty when absent.
Role role_of(const DaemonConfig& config, const std::string& authorization);

}  // namespace kopilka::daemon
