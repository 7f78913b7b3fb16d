// Parsing a server's command line (kopilkad, kopilka-office) with CLI11 so that a usage
// error exits 2, as `kopilka` and the docs say, not with CLI11's own codes (106, 109…).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>

namespace kopilka::common {

inline constexpr int kUsageExit = 2;

// Parses argv into `app`. Nothing: go on. Otherwise the process's exit code: 0 after
// --help (printed), kUsageExit after a usage error (said on stderr by CLI11, with the
// program's name).
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return e.get_exit_code() == 0 ? code : kUsageExit;
  }
}

}  // namespace kopilka::common
