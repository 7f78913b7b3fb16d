// valid_email (email_address.h).
#include "core/email_address.h"

namespace kopilka::core {

bool valid_email(std::string_view e) {
  const auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= e.size() ||
      e.find('@', at + 1) != std::string_view::npos)
    return false;
  for (char ch : e) {
    if (static_cast<unsigned char>(ch) <= ' ' || ch == 0x7f) return false;
    if (std::string_view("<>,;\"()").find(ch) != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace kopilka::core
