// The text of the report tables' packs (report_receipt_packs.h, report_day_packs.h):
// a record a line, each line "\n" then its fields separated by tabs, the first its key. A
// backslash, a tab or a line break inside a field is written \\, \t or \n, so that
// line_start(key) begins exactly the lines of that key, whatever the fields hold.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kopilka::office {

// Appends `v`, escaped.
void append_field(std::string& out, std::string_view v);
// A field as it was before append_field; nullopt: not a field it writes.
std::optional<std::string> unescaped(std::string_view v);
// What every line of `key` begins with, and no other line: "\n", the key escaped, a tab.
std::string line_start(std::string_view key);
// Splits `line` (without its "\n") into exactly `n` fields, the last up to the line's end;
// false when it has fewer tabs, or more.
bool split_fields(std::string_view line, std::string_view* fields, std::size_t n);

}  // namespace kopilka::office
