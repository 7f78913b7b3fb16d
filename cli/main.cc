// kopilka: the technician's command line. Parses the global options and hands each command
// group (one file each, `add_*_commands`) the shared context; returns the command's exit code.
#include <CLI/CLI.hpp>

#include "cli/cli_context.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace kopilka::cli;
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
  localize_help(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return ctx.exit_code;
}
