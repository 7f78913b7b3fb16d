// `kopilka doctor`: one screen that says whether this register can work — config, database,
// daemon, scanners, disk, clock, head office — each line ok/warn/fail with the fix. With
// --restore-backup it replaces a damaged database by the newest backup (kopilkad stopped).
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>

#include "cli/commands.h"
#include "cli/doctor_checks.h"
#include "cli/messages.h"
#include "register/backup_files.h"
#include "register/store.h"
#include "register/store_reader.h"

namespace kopilka::cli {
namespace {

const char* verdict_name(Verdict v) {
  return v == Verdict::kOk ? "ok" : v == Verdict::kWarn ? "warn" : "fail";
}

// A fix naming a kopilka command, for a register whose config is not the default one:
// `kopilka shift close` run as written would read /etc/kopilka/kopilka.toml, another
// register's or none.
std::string with_config(const CliContext& ctx, const std::string& hint) {
  if (ctx.config_path == CliContext{}.config_path) return hint;
  std::string path = ctx.config_path;
  if (path.find_first_of(" '\"$`\\") != std::string::npos) {
    std::string quoted = "'";
    for (char c : path) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    path = quoted + "'";
  }
  std::string out;
  constexpr std::string_view kCommand = "kopilka ";
  for (std::size_t from = 0;;) {
    std::size_t at = hint.find(kCommand, from);
    if (at == std::string::npos) return out + hint.substr(from);
    out += hint.substr(from, at - from) + "kopilka --config " + path + " ";
    from = at + kCommand.size();
  }
}

int run_doctor(CliContext& ctx) {
  std::vector<Check> checks;
  checks.push_back(check_config_file(ctx));
  auto config = load_config(ctx);
  if (config) {
    ServiceUser user = service_user();
    core::Json health;
    checks.push_back(check_data_dir(ctx, *config, user));
    // No directory, no database: a second verdict on it would only misdirect.
    std::error_code ec;
    if (std::filesystem::is_directory(config->data_dir, ec))
      checks.push_back(check_database(ctx, *config));
    checks.push_back(check_backups(ctx, *config));
    checks.push_back(check_refused_entries(ctx, *config));
    checks.push_back(check_daemon(ctx, *config, &health));
    for (auto& c : check_scanners(ctx, *config, user, health)) checks.push_back(std::move(c));
    checks.push_back(check_disk(ctx, *config));
    checks.push_back(check_clock(ctx));
    checks.push_back(check_office(ctx, *config));
  } else {
    checks.push_back(check_clock(ctx));
  }
  for (auto& c : checks) c.hint = with_config(ctx, c.hint);
  bool failed = std::any_of(checks.begin(), checks.end(),
                            [](const Check& c) { return c.verdict == Verdict::kFail; });
  if (ctx.json) {
    core::Json list = core::Json::array();
    for (const auto& c : checks) {
      core::Json j = {
          {"name", c.name}, {"status", verdict_name(c.verdict)}, {"message", c.message}};
      if (!c.hint.empty()) j["hint"] = c.hint;
      list.push_back(j);
    }
    print_json({{"ok", !failed}, {"checks", list}});
    return failed ? kExitFailure : kExitOk;
  }
  std::size_t width = 0;
  for (const auto& c : checks) width = std::max(width, c.name.size());
  for (const auto& c : checks) {
    Tone tone = c.verdict == Verdict::kOk     ? Tone::kOk
                : c.verdict == Verdict::kWarn ? Tone::kWarn
                                              : Tone::kFail;
    std::string tag = c.verdict == Verdict::kOk     ? "[ ok ]"
                      : c.verdict == Verdict::kWarn ? "[warn]"
                                                    : "[FAIL]";
    std::cout << paint(ctx, tone, tag) << " " << c.name
              << std::string(width - c.name.size() + 2, ' ') << c.message << "\n";
    if (!c.hint.empty())
      std::cout << std::string(width + 9, ' ') << paint(ctx, Tone::kDim, tr(ctx, Msg::kFix, c.hint))
                << "\n";
  }
  return failed ? kExitFailure : kExitOk;
}

// The backup made last (register/backup_files.h): by the order they were made, not by the
// clock that named them.
std::string newest_backup(const std::string& data_dir) {
  auto all = daemon::list_backups(data_dir + "/backups");
  return all.empty() ? std::string() : all.back().path;
}

int run_restore(CliContext& ctx, bool force) {
  namespace fs = std::filesystem;
  auto config = load_config(ctx);
  if (!config) return report_error(ctx, config.status());
  if (call_daemon(*config, "GET", "/v1/health", "", Token::kNone, 3).ok())
    return report_error(ctx, core::Status::conflict(tr(ctx, Msg::kStopDaemonFirst)));
  std::string backup = newest_backup(config->data_dir);
  if (backup.empty())
    return report_error(ctx, core::Status::not_found(
                                 tr(ctx, Msg::kNoBackupToRestore, config->data_dir + "/backups")));
  {
    auto db = daemon::StoreReader::open_file(backup);
    if (!db) return report_error(ctx, db.status());
    auto check = (*db)->quick_check();
    if (!check || *check != "ok")
      return report_error(ctx, core::Status::corrupt(tr(ctx, Msg::kBackupDamaged, backup)));
  }
  std::string live = config->data_dir + "/kopilka.db";
  // A database that passes its check is not restored over unless asked: what it holds since
  // the backup (receipts not yet at head office among it) would be lost.
  if (!force) {
    if (auto current = daemon::StoreReader::open_file(live)) {
      auto check = (*current)->quick_check();
      if (check && *check == "ok") {
        auto unsynced = (*current)->unacked_entries();
        return report_error(ctx, core::Status::conflict(
                                     tr(ctx, Msg::kNotDamaged, live, unsynced ? *unsynced : -1)));
      }
    }
  }
  // How far the damaged copy had numbered its journal, if it can still tell: entries past
  // the backup may already be at head office under those numbers.
  std::int64_t numbered = 0;
  if (auto damaged = daemon::StoreReader::open_file(live))
    if (auto seq = (*damaged)->last_journal_seq()) numbered = *seq;
  std::string aside = live + ".damaged-" +
                      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  struct stat st {};
  bool had_live = ::stat(live.c_str(), &st) == 0;
  std::error_code ec;
  // The damaged file's WAL belongs to it: it moves aside too, or SQLite would replay it
  // into the restored copy.
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (fs::exists(live + suffix, ec)) fs::rename(live + suffix, aside + suffix, ec);
    if (ec)
      return report_error(ctx, core::Status::unavailable(
                                   tr(ctx, Msg::kCannotCreate, aside + suffix, ec.message())));
  }
  fs::copy_file(backup, live + ".tmp", fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(live + ".tmp", live, ec);
  if (ec)
    return report_error(ctx,
                        core::Status::unavailable(tr(ctx, Msg::kCannotCreate, live, ec.message())));
  if (had_live) {
    if (::chown(live.c_str(), st.st_uid, st.st_gid) != 0) { /* kopilkad's own user may differ */
    }
    ::chmod(live.c_str(), st.st_mode & 0777);
  }
  if (numbered > 0) {
    // The damaged file told how far it numbered: continue right after it, rather than the
    // backup mark's jump for a copy put in place without that knowledge.
    if (core::Status unmarked = daemon::Store::forget_backup_mark(live); !unmarked)
      return report_error(ctx, unmarked);
    auto restored = daemon::Store::open(config->data_dir);
    core::Status kept =
        restored ? (*restored)->keep_journal_numbers_past(numbered) : restored.status();
    if (!kept) return report_error(ctx, kept);
  }
  if (ctx.json) {
    print_json({{"restored", backup}, {"damaged_kept_as", had_live ? aside : ""}});
  } else {
    std::cout << paint(ctx, Tone::kOk, tr(ctx, Msg::kRestored, backup, live)) << "\n";
    if (had_live) std::cout << tr(ctx, Msg::kDamagedKept, aside) << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_doctor_commands(CLI::App& app, CliContext& ctx) {
  auto restore = std::make_shared<bool>(false);
  auto force = std::make_shared<bool>(false);
  CLI::App* doctor = app.add_subcommand(
      "doctor", "check config, database, kopilkad, scanners, disk, clock and head office");
  doctor->add_flag("--restore-backup", *restore,
                   "replace a damaged database by the newest backup (stop kopilkad first)");
  doctor->add_flag("--force", *force,
                   "with --restore-backup: restore over a database that is not damaged");
  doctor->callback([&ctx, restore, force] {
    ctx.exit_code = *restore ? run_restore(ctx, *force) : run_doctor(ctx);
  });
}

}  // namespace kopilka::cli
