// kopilka-office's shell commands beside serving (`register add`, `backup DIR`, `user add` …):
// each group adds its subcommands to the command line and says what runs when one is
// chosen. main.cc parses, loads the config, and runs the chosen one.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "office/audit.h"
#include "office/config.h"

namespace kopilka::office {

struct Commands {
  CLI::App& app;
  std::string& config_path;
  struct Chosen {
    CLI::App* command;
    std::function<int(const OfficeConfig&)> run;
    bool needs_config = true;
  };
  std::vector<Chosen> runs;

  // Adds `--config` to a subcommand, so that it may come after the subcommand's name.
  void config_option(CLI::App* command) {
    command->add_option("--config", config_path, "office.toml");
  }
  void on(CLI::App* command, std::function<int(const OfficeConfig&)> run) {
    config_option(command);
    runs.push_back({command, std::move(run)});
  }
};

// The exit status for a failure, after saying it on stderr: 2 for bad input, 3 for a
// damaged database, 1 otherwise.
int command_failed(const core::Status& s);
core::Instant wall_clock();
// Appends a change made from the shell to the audit log, `who` = `shell` (whoever may run
// kopilka-office on the server); a failure is said on stderr, the change stands.
void audit_from_shell(Sql& sql, const AuditRecord& record);

// One function per group (each in its own file).
void add_data_commands(Commands& c);      // backup, migrate-storage, import cards
void add_register_commands(Commands& c);  // register add|list|revoke
void add_store_commands(Commands& c);     // store add|list
void add_user_commands(Commands& c);      // user add|list|disable
void add_route_commands(Commands& c);     // routes
void add_export_commands(Commands& c);    // export customers|cards|journal
void add_report_commands(Commands& c);    // report summary

}  // namespace kopilka::office
