// The checks behind `kopilka doctor`, one function each, so each can be reasoned about
// alone: every check says ok, warn or fail, what it saw, and how to fix it.
#pragma once

#include <string>
#include <vector>

#include "cli/cli_context.h"

namespace kopilka::cli {

enum class Verdict { kOk, kWarn, kFail };

struct Check {
  std::string name;  // "config", "database", "scanner front", …
  Verdict verdict = Verdict::kOk;
  std::string message;
  std::string hint;  // what to do; empty when ok
};

// The service user kopilkad runs as ("kopilka" when it exists, else whoever runs doctor).
struct ServiceUser {
  std::string name;
  unsigned uid = 0;
  unsigned gid = 0;
  std::vector<unsigned> groups;
};
ServiceUser service_user();

Check check_config_file(const CliContext& ctx);
Check check_data_dir(const CliContext& ctx, const daemon::DaemonConfig& config,
                     const ServiceUser& user);
Check check_database(const CliContext& ctx, const daemon::DaemonConfig& config);
Check check_backups(const CliContext& ctx, const daemon::DaemonConfig& config);
// `health` is filled with GET /v1/health's answer when kopilkad answered.
Check check_daemon(const CliContext& ctx, const daemon::DaemonConfig& config, core::Json* health);
std::vector<Check> check_scanners(const CliContext& ctx, const daemon::DaemonConfig& config,
                                  const ServiceUser& user, const core::Json& health);
Check check_disk(const CliContext& ctx, const daemon::DaemonConfig& config);
// Journal entries head office refused and nobody set aside: warn, naming the commands.
Check check_refused_entries(const CliContext& ctx, const daemon::DaemonConfig& config);
Check check_clock(const CliContext& ctx);
// Reaches [office] url with the head-office client kopilkad's sync uses (the config's proxy
// and CA, the certificate verified), compares its clock with ours, and asks whether head
// office accepts this register's credential.
Check check_office(const CliContext& ctx, const daemon::DaemonConfig& config);

// Whether `user` may read and write `path` by its mode bits (owner, group, other).
bool user_can_read_write(const std::string& path, const ServiceUser& user, bool need_exec);

}  // namespace kopilka::cli
