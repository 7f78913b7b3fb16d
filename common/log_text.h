// Log lines that a request cannot forge: every message kopilkad and kopilka-office log goes
// through one formatter that escapes control characters, so a receipt_id holding "\n" or an
// ANSI escape stays inside its own line instead of starting a fake one or recolouring a terminal.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace kopilka::common {

// `text` with every control character (below 0x20, and DEL) written as \n, \r, \t or \xNN,
// and a backslash doubled, so the escaped form cannot be mistaken for the original.
// Printable bytes, UTF-8 included, pass unchanged.
std::string escape_control(std::string_view text);

// Makes `logger` escape the message of every record with escape_control before it is
// written (the pattern around it: time, level, name, stays as spdlog formats it). When
// stderr is the systemd journal's stream, each line starts with its syslog priority
// ("<3>" for an error) and leaves the time to the journal.
void escape_log_messages(spdlog::logger& logger);

}  // namespace kopilka::common
