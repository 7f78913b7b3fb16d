// Whether bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF): what the JSON reader accepts in a string and what the writer may copy.
#pragma once

#include <string_view>

namespace kopilka::core {

// With `nothing_to_escape`, also false for a byte JSON writes escaped (controls, '"', '\').
inline bool well_formed_utf8(std::string_view s, bool nothing_to_escape = false) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      if (nothing_to_escape && (c < 0x20 || c == '"' || c == '\\')) return false;
      ++p;
      continue;
    }
    int more;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the byte after the first
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (end - p <= more) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (int i = 2; i <= more; ++i)
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    p += more + 1;
  }
  return true;
}

}  // namespace kopilka::core
