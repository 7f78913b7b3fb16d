// Bearer token check; see auth.h.
#include "daemon/auth.h"

#include "common/http_types.h"
#include "common/secrets.h"

namespace kopilka::daemon {

Role role_of(const DaemonConfig& config, const std::string& authorization) {
  const std::string token = common::bearer_token(authorization);
  if (token.empty()) return Role::kNone;
  // Both comparisons always run, so the answer takes as long whichever token matched.
  bool admin = common::equal_constant_time(token, config.admin_token);
  bool pos = common::equal_constant_time(token, config.pos_token);
  if (admin) return Role::kAdmin;
  if (pos) return Role::kPos;
  return Role::kNone;
}

}  // namespace kopilka::daemon
