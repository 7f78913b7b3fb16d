// How long a text is for the API's limits: characters, not bytes ("Шампунь" is 7
// characters in 14 bytes), so a Cyrillic reason is allowed as many as a Latin one.
#pragma once

#include <cstddef>
#include <string_view>

namespace kopilka::core {

// The characters of well-formed UTF-8 (the JSON parser has refused any other): the bytes
// that start one.
inline std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace kopilka::core
