// `kopilka shift close`: for POS software that can only run a program at the end of a
// shift. kopilkad backs the database up and syncs with head office; the exit code says
// whether both worked (a register not enrolled yet counts as synced: nothing to sync).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "cli/commands.h"
#include "cli/messages.h"
#include "core/time.h"
#include "register/credential.h"

namespace kopilka::cli {
namespace {

struct ShiftOptions {
  std::string shift_id;
  std::string at;
};

int run_close(CliContext& ctx, const ShiftOptions& o) {
  if (!o.at.empty() && !core::parse_rfc3339(o.at))
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kBadTime), "--at"));
  auto config = load_config(ctx);
  if (!config) return report_error(ctx, config.status());
  std::string id = o.shift_id;
  if (id.empty())
    id = "shift-" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
  core::Json body = {{"shift_id", id}};
  if (!o.at.empty()) body["at"] = o.at;
  // The sync with head office may take a while on a slow line.
  auto answer = daemon_json(*config, "POST", "/v1/shift/close", body, Token::kPos, 120);
  if (!answer) return report_error(ctx, answer.status());
  std::string sync = answer->value("sync", "");
  // Offline counts as done only for a register not enrolled yet: there is nothing to sync.
  // An enrolled one whose head office could not be reached has entries waiting.
  const bool enrolled =
      config->office && ::access(daemon::credential_path(config->data_dir).c_str(), F_OK) == 0;
  const core::Json backup_error = answer->value("backup_error", core::Json(nullptr));
  bool ok = (sync == "ok" || (sync == "offline" && !enrolled)) && backup_error.is_null();
  if (ctx.json) {
    print_json(*answer);
  } else {
    std::string line = tr(ctx, Msg::kShiftClosed, id, sync,
                          core::number_text(answer->value("pushed", core::Json(0))),
                          core::number_text(answer->value("pulled", core::Json(0))),
                          core::number_text(answer->value("pending", core::Json(0))));
    std::cout << paint(ctx, sync == "ok" ? Tone::kOk : Tone::kWarn, line) << "\n";
    if (answer->contains("error") && (*answer)["error"].is_string())
      std::cout << "  " << (*answer)["error"].get<std::string>() << "\n";
    // Where the copy is, for the technician who will need it (kopilka doctor restores it).
    if (auto backup = answer->find("backup"); backup != answer->end() && backup->is_string())
      std::cout << say(ctx, "  backup: ", "  резервная копия: ") << backup->get<std::string>()
                << "\n";
    if (backup_error.is_string())
      std::cout << paint(ctx, Tone::kFail,
                         "  " + tr(ctx, Msg::kShiftBackupFailed, backup_error.get<std::string>()))
                << "\n";
  }
  return ok ? kExitOk : kExitFailure;
}

}  // namespace

void add_shift_commands(CLI::App& app, CliContext& ctx) {
  CLI::App* shift = app.add_subcommand("shift", "end-of-shift tasks");
  shift->require_subcommand(1);
  auto o = std::make_shared<ShiftOptions>();
  CLI::App* close = shift->add_subcommand(
      "close",
      "back the database up and sync with head office (exit 1 if the backup failed, or an "
      "enrolled register did not sync)");
  close->add_option("--shift-id", o->shift_id, "the POS's shift id (default: shift-<time>)");
  close->add_option("--at", o->at, "the shift's end, RFC 3339 (default now)");
  close->callback([&ctx, o] { ctx.exit_code = run_close(ctx, *o); });
}

}  // namespace kopilka::cli
