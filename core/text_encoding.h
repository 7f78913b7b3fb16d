// Text that is not UTF-8: a spreadsheet saved as "CSV" on a Russian Windows writes
// Windows-1251 (code page 1251), and a shop's card list is often such a file. Pure.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace kopilka::core {

// `text` read as Windows-1251, written as UTF-8 (glibc's iconv). Refused (kInvalid) only for
// the one byte that code page leaves undefined (0x98).
Result<std::string> windows1251_to_utf8(std::string_view text);

}  // namespace kopilka::core
