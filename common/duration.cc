// The duration grammar; see duration.h.
#include "common/duration.h"

#include <cstdint>

namespace kopilka::common {

std::optional<std::chrono::milliseconds> read_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 11) return std::nullopt;
  std::int64_t n = 0;
  for (std::size_t i = 0; i < digits; ++i) n = n * 10 + (text[i] - '0');
  std::string_view unit = text.substr(digits);
  std::int64_t per = 0;
  if (unit == "ms")
    per = 1;
  else if (unit == "s")
    per = 1000;
  else if (unit == "m")
    per = 60 * 1000;
  else if (unit == "h")
    per = 3600 * 1000;
  else
    return std::nullopt;
  return std::chrono::milliseconds(n * per);
}

}  // namespace kopilka::common
