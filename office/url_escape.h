// Percent-encoding of URL parts, through libcurl: a customer id in an unsubscribe link, a
// path segment of a request (ids may hold any printable text, Cyrillic and spaces too).
#pragma once

#include <string>
#include <string_view>

namespace kopilka::office {

// Every byte but A-Z a-z 0-9 - . _ ~ as %XX.
std::string url_escape(std::string_view text);
// %XX sequences decoded; '+' stays '+' (a path, not a form).
std::string url_unescape(std::string_view text);

}  // namespace kopilka::office
