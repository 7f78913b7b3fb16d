// See connections_per_address.h.
#include "common/connections_per_address.h"

#include <utility>

namespace kopilka::common {

ConnectionsPerAddress::ConnectionsPerAddress(std::size_t limit,
                                             std::function<bool(const std::string&)> exempt)
    : limit_(limit), exempt_(std::move(exempt)) {}

bool ConnectionsPerAddress::admit(const std::string& address) {
  if (limit_ == 0 || (exempt_ && exempt_(address))) return true;
  std::size_t& n = held_[address];
  if (n >= limit_) return false;
  ++n;
  return true;
}

void ConnectionsPerAddress::closed(const std::string& address) {
  auto it = held_.find(address);
  if (it == held_.end()) return;  // exempt, or no limit
  if (--it->second == 0) held_.erase(it);
}

std::size_t ConnectionsPerAddress::held(const std::string& address) const {
  auto it = held_.find(address);
  return it == held_.end() ? 0 : it->second;
}

}  // namespace kopilka::common
