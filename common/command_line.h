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

// Parses argv into `app`. Nothing: go on. Otherwise the process's exit code: 0 after
// --help (printed), kUsageExit after a usage error (said on stderr by CLI11, with the
// program's name).
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    // A mistyped subcommand ("register lst") is named with the nearest one, as `kopilka`
    // names it, rather than CLI11's "A subcommand is required".
    CLI::App* leaf = &app;
    const std::string program = std::filesystem::path(app.get_name()).filename().string();
    std::string path = program;
    for (auto parsed = leaf->get_subcommands(); !parsed.empty(); parsed = leaf->get_subcommands()) {
      leaf = parsed.front();
      path += " " + leaf->get_name();
    }
    const std::vector<std::string> left = app.remaining(true);
    std::vector<std::string> commands;
    for (const CLI::App* sub :
         static_cast<const CLI::App*>(leaf)->get_subcommands([](const CLI::App*) { return true; }))
      if (!sub->get_name().empty()) commands.push_back(sub->get_name());
    if (!left.empty() && !left.front().empty() && left.front()[0] != '-' && !commands.empty()) {
      const std::string near = nearest_word(left.front(), commands);
      std::string text = "unknown subcommand '" + path + " " + left.front() + "'";
      if (!near.empty()) {
        text += "; did you mean '" + path + " " + near + "'?";
      } else {
        text += "; choose one of:";
        for (const auto& c : commands) text += " " + c;
      }
      std::cerr << program << ": " << text << "\n";
      return kUsageExit;
    }
    if (std::string(e.what()) == "A subcommand is required" && !commands.empty()) {
      std::cerr << program << ": '" << path << "' needs a subcommand:";
      for (const auto& c : commands) std::cerr << " " << c;
      std::cerr << "\n";
      return kUsageExit;
    }
    app.exit(e);
    return kUsageExit;
  }
}

}  // namespace kopilka::common
