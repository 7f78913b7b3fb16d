// Keys of PostgreSQL's advisory locks: the same for a name in every process and every
// version of head office, which take them to wait for each other.
#pragma once

#include <cstdint>
#include <string_view>

namespace kopilka::office {

// FNV-1a, 64 bits: the one-key form's key (a card's number).
inline std::int64_t lock_key(std::string_view name) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : name) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(h);
}

// The same folded to 32 bits: the second key of the two-key form. Two names sharing one
// only wait for each other.
inline std::int32_t lock_key32(std::string_view name) {
  const auto h = static_cast<std::uint64_t>(lock_key(name));
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(h ^ (h >> 32)));
}

}  // namespace kopilka::office
