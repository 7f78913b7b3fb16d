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
  // A domain mail reaches has a dot between its labels: «maria@mail» is a typo that leaves
  // a customer's birthday wishes and campaigns undelivered for good.
  const std::string_view domain = e.substr(at + 1);
  const auto dot = domain.find('.');
  return dot != std::string_view::npos && dot != 0 && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos;
}

}  // namespace kopilka::core
