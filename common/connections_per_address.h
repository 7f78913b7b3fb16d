// How many connections each client address holds, for a per-address limit. The global limit
// (ListenConfig::max_connections) alone let one address take every slot: with each
// connection closed at the read deadline, an attacker reopening a few hundred a second kept
// head office from serving any register. Addresses the caller exempts (a trusted proxy,
// through which every register comes) are counted against the global limit only.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>

namespace kopilka::common {

class ConnectionsPerAddress {
 public:
  // `limit` 0: no limit. `exempt(address)`: whether an address is left unlimited.
  ConnectionsPerAddress(std::size_t limit, std::function<bool(const std::string&)> exempt);

  // A connection from `address` is opening: false (and nothing counted) when the address
  // holds `limit` already.
  bool admit(const std::string& address);
  // A connection admitted from `address` closed.
  void closed(const std::string& address);
  // Connections `address` holds now.
  std::size_t held(const std::string& address) const;

 private:
  std::size_t limit_;
  std::function<bool(const std::string&)> exempt_;
  std::unordered_map<std::string, std::size_t> held_;
};

}  // namespace kopilka::common
