// Parsing a server's command line (kopilkad, kopilka-office) with CLI11 so that a usage
// error exits 2, as `kopilka` and the docs say, not with CLI11's own codes (106, 109…).
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "common/suggest.h"

namespace kopilka::common {

inline constexpr int kUsageExit = 2;

// Where a command line went astray among subcommands: the innermost subcommand given
// (`leaf`, named by `path`: "kopilka card"), the names of its subcommands, and the first word
// CLI11 could not place. Both `kopilka` and the servers word their usage errors from it.
struct SubcommandMiss {
  CLI::App* leaf = nullptr;
  std::string path;
  std::vector<std::string> commands;
  std::string unknown;  // "" when every word was placed
};

inline SubcommandMiss subcommand_miss(CLI::App& app) {
  SubcommandMiss m;
  m.leaf = &app;
  m.path = std::filesystem::path(app.get_name()).filename().string();
  for (auto parsed = m.leaf->get_subcommands(); !parsed.empty();
       parsed = m.leaf->get_subcommands()) {
    m.leaf = parsed.front();
    m.path += " " + m.leaf->get_name();
  }
  const CLI::App* leaf = m.leaf;  // the const overload: the filter takes const App*
  for (const CLI::App* sub : leaf->get_subcommands([](const CLI::App*) { return true; }))
    if (!sub->get_name().empty()) m.commands.push_back(sub->get_name());
  const std::vector<std::string> left = app.remaining(true);
  if (!left.empty()) m.unknown = left.front();
  return m;
}

// Parses argv into `app`. Nothing: go on. Otherwise the process's exit code: 0 after
// --help (printed), kUsageExit after a usage error, said on stderr: a mistyped subcommand
// ("register lst") with the nearest one, as `kopilka` says it, a missing one with the
// choices, anything else in CLI11's words.
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    const SubcommandMiss m = subcommand_miss(app);
    const std::string program = std::filesystem::path(app.get_name()).filename().string();
    std::string choices;
    for (const auto& c : m.commands) choices += " " + c;
    if (!m.unknown.empty() && m.unknown[0] != '-' && !m.commands.empty()) {
      const std::string near = nearest_word(m.unknown, m.commands);
      std::cerr << program << ": unknown subcommand '" << m.path << " " << m.unknown << "'"
                << (near.empty() ? "; choose one of:" + choices
                                 : "; did you mean '" + m.path + " " + near + "'?")
                << "\n";
      return kUsageExit;
    }
    if (std::string(e.what()) == "A subcommand is required" && !m.commands.empty()) {
      std::cerr << program << ": '" << m.path << "' needs a subcommand:" << choices << "\n";
      return kUsageExit;
    }
    app.exit(e);
    return kUsageExit;
  }
}

}  // namespace kopilka::common
