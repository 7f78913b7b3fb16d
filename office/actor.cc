// Role names (actor.h).
#include "office/actor.h"

namespace kopilka::office {

const char* to_string(Role role) {
  switch (role) {
    case kOwner:
      return "owner";
    case kMarketer:
      return "marketer";
    case kSupport:
      return "support";
    case kTechnician:
      return "technician";
    case kAuditor:
      return "auditor";
  }
  return "auditor";
}

std::optional<Role> role_from(std::string_view text) {
  for (Role r : {kOwner, kMarketer, kSupport, kTechnician, kAuditor})
    if (text == to_string(r)) return r;
  return std::nullopt;
}

}  // namespace kopilka::office
