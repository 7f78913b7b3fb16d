// What to tell a technician whose command line CLI11 refused: an unknown subcommand or
// option is named with the nearest real one ("did you mean show?"), and CLI11's common
// sentences are given in the technician's language.
#pragma once

#include <string>

#include "cli/cli_context.h"

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace kopilka::cli {

// One sentence for a refused command line; `app` is the top-level app after the failed parse.
std::string explain_usage_error(const CliContext& ctx, CLI::App& app, const CLI::ParseError& e);

// CLI11's English sentence in the context's language (known sentences only; the rest as is).
std::string translate_cli11(const CliContext& ctx, const std::string& what);

}  // namespace kopilka::cli
