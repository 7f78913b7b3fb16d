// The command groups of `kopilka`: each registers its subcommands on the top-level app and
// records its result in ctx.exit_code. One file per group (cli/<group>_commands.cc).
#pragma once

#include "cli/cli_context.h"

namespace kopilka::cli {

void add_init_commands(CLI::App& app, CliContext& ctx);    // init
void add_config_commands(CLI::App& app, CliContext& ctx);  // config get|set|show|check
// config show-secret (cli/config_secret_commands.cc), called by add_config_commands.
void add_config_secret_command(CLI::App& config, CliContext& ctx);
void add_scanner_commands(CLI::App& app, CliContext& ctx);  // scanner list|listen|test|add|remove
// scanner add|remove (cli/scanner_config_commands.cc), called by add_scanner_commands.
void add_scanner_config_commands(CLI::App& scanner, CliContext& ctx);
void add_card_commands(CLI::App& app, CliContext& ctx);     // card show|set|import, points adjust
void add_program_commands(CLI::App& app, CliContext& ctx);  // program list|show|import|...
void add_receipt_commands(CLI::App& app, CliContext& ctx);  // receipt calc
void add_journal_commands(CLI::App& app, CliContext& ctx);  // journal
void add_shift_commands(CLI::App& app, CliContext& ctx);    // shift close
void add_doctor_commands(CLI::App& app, CliContext& ctx);   // doctor
void add_completion_commands(CLI::App& app, CliContext& ctx);  // completion bash, man
// --help in Russian when the locale is (cli/help_locale.cc); call after every group is added.
void localize_help(CLI::App& app, const CliContext& ctx);
// Enrolment and sync with head office (cli/sync_commands.cc).
void add_sync_commands(CLI::App& app, CliContext& ctx);
// sync refused|retry|set-aside (cli/sync_refused_commands.cc), called by add_sync_commands.
void add_sync_refused_commands(CLI::App& sync, CliContext& ctx);
void add_sync_resend_command(CLI::App& sync, CliContext& ctx);
void add_enrol_command(CLI::App& app, CliContext& ctx);

}  // namespace kopilka::cli
