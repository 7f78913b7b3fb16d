// kopilka: the technician's command line. Parses the global options and hands each command
// group (one file each, `add_*_commands`) the shared context; returns the command's exit code.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <string_view>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/usage_errors.h"

int main(int argc, char** argv) {
  using namespace kopilka::cli;
  // What the commands create (the register's database on `init` and `enroll`, backups, the
  // config) holds customers' data or tokens: the service's group may read it, nobody else,
  // as kopilkad creates its own.
  ::umask(027);
  CliContext ctx = make_context();
  CLI::App app{"kopilka: set up and check a Kopilka register", "kopilka"};
  app.set_version_flag("--version", "kopilka 0.1.0");
  app.require_subcommand(1);
  add_global_options(app, ctx);

  add_init_commands(app, ctx);
  add_config_commands(app, ctx);
  add_scanner_commands(app, ctx);
  add_card_commands(app, ctx);
  add_program_commands(app, ctx);
  add_receipt_commands(app, ctx);
  add_journal_commands(app, ctx);
  add_shift_commands(app, ctx);
  add_doctor_commands(app, ctx);
  add_completion_commands(app, ctx);
  // Enrolment and head-office sync (cli/sync_commands.cc):
  add_sync_commands(app, ctx);
  name_global_options_in_help(app, ctx);
  localize_help(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // A usage error: one sentence in the technician's language (and JSON if asked for).
    ctx.json = std::any_of(argv + 1, argv + argc,
                           [](const char* a) { return std::string_view(a) == "--json"; });
    std::string what = explain_usage_error(ctx, app, e);
    std::cerr << "kopilka: " << tr(ctx, Msg::kUsageError, what) << "\n"
              << tr(ctx, Msg::kSeeHelp) << "\n";
    if (ctx.json) print_json({{"error", {{"code", "usage"}, {"message", what}}}});
    return kExitUsage;
  } catch (const std::exception& e) {
    // A library threw inside a command (an answer of an unexpected shape): a failure, not a crash.
    std::cerr << "kopilka: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
  return ctx.exit_code;
}
