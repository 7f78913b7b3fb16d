// Text a client sent, made fit for a log line: what a request carried (a header, an entry
// id quoted in a refusal) is written to head office's and the register's logs, which must
// never hold a bank card's number nor let one request write megabytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kopilka::core {

inline constexpr std::size_t kLogTextMax = 200;  // bytes kept of one client's text

// `text` with every run of 12 or more digits masked as a card number ("****0015": bank or
// loyalty, as logs show cards), then cut to `max` bytes at a character's start with
// "… (N bytes)" saying how long it was. A text holding a bank card's number in any form
// (printed in groups, padded, in track data) or a track 1 is not written at all.
std::string log_text(std::string_view text, std::size_t max = kLogTextMax);

}  // namespace kopilka::core
