// Helpers both servers' TOML configs use: reading files, checking keys, host:port,
// tokens given inline or in a file, durations like "5m". toml++ is used directly by the
// config parsers; this only names what they share.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/status.h"

namespace kopilka::common {

core::Result<std::string> read_text_file(const std::string& path);

// Parses TOML text; a syntax error names its line.
core::Result<toml::table> parse_toml(const std::string& text);

// Unknown keys are errors, named with `prefix` ("scanner[1]."), with the nearest known key
// suggested ("did you mean point_value?").
core::Status check_keys(const toml::table& table, const std::set<std::string>& known,
                        const std::string& prefix);

// A string value; anything else is refused naming what it is ("not a number").
core::Result<std::string> toml_string(const toml::table& t, const char* key,
                                      const std::string& path);
// A whole number in [lo, hi]: a quoted "100" is refused as a string, not as out of range.
core::Result<std::int64_t> toml_int(const toml::table& t, const char* key, const std::string& path,
                                    std::int64_t lo, std::int64_t hi, const std::string& unit = "");
// "a string", "a number", "true/false", "an array", "a table".
std::string type_name(const toml::node& node);

// The line of the value at `path` ("scanner[1].baud"), or of the nearest table holding it
// when the key is missing.
std::optional<std::size_t> toml_line(const toml::table& root, const std::string& path);
// `s` with the file (and the line of its field) added to its message, for errors of a
// config read from `file` whose text is `text`: "must be … (/etc/kopilka/kopilka.toml, line 7)".
core::Status with_location(const core::Status& s, const std::string& file, const std::string& text);

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};
core::Result<HostPort> parse_host_port(const std::string& text, const std::string& field);
bool is_loopback_host(const std::string& host);

// A file holding a secret must be the owner's (and maybe its group's to read): one that
// other users can read or write, or its group can write, is refused with the chmod to run,
// since anyone on the machine could otherwise take the token.
core::Status check_private_file(const std::string& path, const std::string& field);

// A path a config file names: as it is when absolute, else relative to the directory of
// the config file (`base_dir`), wherever the program was started from (systemd starts in /).
std::string path_in_config(const std::string& base_dir, const std::string& path);

// A config file: one other users may change is refused (they could point the program at
// another database or head office), with the chmod to run. One others may read while it
// holds a token inline (any of `secret_keys` at its top level) is taken, with the warning
// returned for the program to log: its mode is the installer's to set, and the *_file keys
// are the way to keep a token out of a readable file.
core::Result<std::optional<std::string>> check_config_file(
    const std::string& path, const std::string& text, const std::vector<std::string>& secret_keys);

// `key` or `key_file` (exactly one); a file path is relative to base_dir and must pass
// check_private_file. Tokens shorter than 16 characters are refused: they would be guessable.
core::Result<std::string> load_token(const toml::table& root, const std::string& key,
                                     const std::string& base_dir);

// "30s", "5m", "2h" → seconds: the duration grammar (common/duration.h) with the units s, m
// and h only ("10000ms" is refused like any other bad value).
core::Result<std::int64_t> parse_duration(const std::string& text, const std::string& field);

}  // namespace kopilka::common
