// Usage errors; see usage_errors.h. The parsed chain of subcommands says where the
// technician was; the first word CLI11 could not place is what was mistyped.
#include "cli/usage_errors.h"

#include <CLI/CLI.hpp>
#include <regex>

#include "common/command_line.h"
#include "common/suggest.h"

namespace kopilka::cli {
namespace {

bool ru(const CliContext& ctx) {
  return ctx.lang == Lang::kRu;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

}  // namespace

std::string translate_cli11(const CliContext& ctx, const std::string& what) {
  if (!ru(ctx)) return what;
  static const std::vector<std::pair<std::regex, std::string>> kRu = {
      {std::regex("^A subcommand is required$"), "нужна подкоманда"},
      {std::regex("^(.+) is required$"), "$1: обязательный параметр"},
      {std::regex("^The following arguments? (?:was|were) not expected: (.+)$"),
       "лишние аргументы: $1"},
      {std::regex("^(.+): Value (.+) not in range \\[?(.+?)(?: - | to )([^\\]]+)\\]?$"),
       "$1: значение $2 вне диапазона от $3 до $4"},
      {std::regex("^Could not convert: (.+)$"), "не удалось разобрать значение: $1"},
      {std::regex("^(.+): (.+) required but received (.+)$"), "$1: нужно $2, получено $3"},
      {std::regex("^(.+) excludes (.+)$"), "$1 нельзя указывать вместе с $2"},
      {std::regex("^(.+) requires (.+)$"), "$1 требует $2"},
  };
  for (const auto& [pattern, replacement] : kRu) {
    if (std::regex_match(what, pattern)) return std::regex_replace(what, pattern, replacement);
  }
  return what;
}

std::string explain_usage_error(const CliContext& ctx, CLI::App& app, const CLI::ParseError& e) {
  const common::SubcommandMiss miss = common::subcommand_miss(app);
  CLI::App* leaf = miss.leaf;
  const std::string& path = miss.path;
  const std::string& unknown = miss.unknown;
  const std::vector<std::string>& commands = miss.commands;

  if (!unknown.empty() && unknown[0] != '-' && !commands.empty()) {
    std::string near = common::nearest_word(unknown, commands);
    std::string s = ru(ctx) ? "неизвестная подкоманда «" + path + " " + unknown + "»"
                            : "unknown subcommand '" + path + " " + unknown + "'";
    if (!near.empty())
      return s + (ru(ctx) ? "; возможно, вы имели в виду «" + path + " " + near + "»?"
                          : "; did you mean '" + path + " " + near + "'?");
    return s + (ru(ctx) ? "; есть: " : "; choose one of: ") + join(commands);
  }
  if (!unknown.empty() && unknown.rfind("--", 0) == 0) {
    std::vector<std::string> options;
    for (CLI::App* a = leaf; a != nullptr; a = a->get_parent())
      for (const CLI::Option* o : a->get_options())
        for (const auto& name : o->get_lnames()) options.push_back("--" + name);
    std::string typed = unknown.substr(0, unknown.find('='));
    std::string near = common::nearest_word(typed, options);
    std::string s = ru(ctx) ? "неизвестный параметр " + typed + " у «" + path + "»"
                            : "unknown option " + typed + " for '" + path + "'";
    if (!near.empty()) s += ru(ctx) ? "; возможно, " + near + "?" : "; did you mean " + near + "?";
    return s;
  }
  if (std::string(e.what()) == "A subcommand is required" && !commands.empty())
    return (ru(ctx) ? "«" + path + "» требует подкоманду: "
                    : "'" + path + "' needs a subcommand: ") +
           join(commands);
  return translate_cli11(ctx, e.what());
}

}  // namespace kopilka::cli
