// `kopilka sync now|status` (docs/sync.md): syncing with head office. They work whether
// kopilkad runs or not: with the daemon up they ask it (it owns the database and the
// schedule); with it stopped they use the same sync code on the database directly, under
// SQLite's locking (cli/sync_calls.h). `kopilka enroll` is cli/enrol_commands.cc.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/sync_calls.h"
#include "cli/words.h"
#include "register/credential.h"
#include "register/office_client.h"
#include "register/store.h"

namespace kopilka::cli {
namespace {

using core::Json;
using core::Status;

int run_sync_now(CliContext& ctx) {
  auto config = load_effective_config(ctx);
  if (!config) return report_error(ctx, config.status());
  daemon::office_client_init();  // before the progress thread
  bool running = daemon_running(*config);
  if (!running && !config->office)
    return report_error(ctx, Status::not_found(say(ctx,
                                                   "head office is not configured: run kopilka "
                                                   "enroll --office URL --code CODE",
                                                   "офис не настроен: выполните kopilka enroll "
                                                   "--office URL --code КОД")));
  core::Result<Json> result =
      running ? sync_via_daemon(ctx, *config) : sync_directly(ctx, *config, config->office->url);
  if (!result) return report_error(ctx, result.status());
  if (ctx.json)
    print_json(*result);
  else
    print_summary(ctx, *result);
  return sync_result_code(*result);
}

// The state of sync without the daemon: what the database and the data dir say.
core::Result<Json> status_directly(const daemon::DaemonConfig& config) {
  auto store = daemon::Store::open(config.data_dir);
  if (!store) return store.status();
  auto pending = (*store)->pending_entries();
  if (!pending) return pending.status();
  auto last = (*store)->meta("last_sync");
  if (!last) return last.status();
  auto credential = daemon::read_credential(config.data_dir);
  bool enrolled = credential.ok() && config.office;
  auto refusal = (*store)->office_refusal(credential.ok() ? *credential : std::string());
  if (!refusal) return refusal.status();
  bool revoked = enrolled && *refusal;
  return Json{
      {"office", revoked    ? "refused"
                 : enrolled ? "unknown"
                            : "never"},
      {"revoked", revoked},
      {"revoked_at",
       revoked ? Json(core::format_rfc3339((*refusal)->at, config.settings.zone)) : Json(nullptr)},
      {"url", config.office ? Json(config.office->url) : Json(nullptr)},
      {"enrolled", enrolled},
      {"running", false},
      {"daemon", "stopped"},
      {"pending", *pending},
      {"last_sync", last->empty() ? Json(nullptr) : Json(*last)},
      {"last_error", nullptr}};
}

int run_sync_status(CliContext& ctx) {
  auto config = load_effective_config(ctx);
  if (!config) return report_error(ctx, config.status());
  bool running = daemon_running(*config);
  core::Result<Json> status =
      running ? daemon_json(*config, "GET", "/v1/admin/sync", Json(), Token::kAdmin)
              : status_directly(*config);
  if (status && running) (*status)["daemon"] = "running";
  if (!status) return report_error(ctx, status.status());
  if (ctx.json) {
    print_json(*status);
    return kExitOk;
  }
  auto text = [](const Json& v) {
    if (v.is_null()) return std::string("—");
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
  };
  const Json& s = *status;
  Table t{{say(ctx, "what", "что"), say(ctx, "state", "состояние")},
          {{say(ctx, "head office", "офис"), code_word(ctx, text(s.value("office", Json())))},
           {"url", text(s.value("url", Json()))},
           {say(ctx, "daemon", "служба"), code_word(ctx, text(s.value("daemon", Json())))},
           {say(ctx, "last sync", "последняя синхронизация"), text(s.value("last_sync", Json()))},
           {say(ctx, "pending entries", "ждут отправки"), text(s.value("pending", Json()))},
           {say(ctx, "last error", "последняя ошибка"), text(s.value("last_error", Json()))}}};
  print_table(ctx, t);
  if (s.value("revoked", false))
    std::cout << paint(ctx, Tone::kFail,
                       say(ctx, "this register was revoked at head office",
                           "касса отключена в офисе"))
              << say(ctx, " (refused since ", " (отказ с ") << text(s.value("revoked_at", Json()))
              << say(ctx,
                     "): receipts are kept and stay pending; enrol it again with a new code "
                     "(kopilka enroll)",
                     "): чеки сохраняются и ждут отправки; подключите её заново с новым кодом "
                     "(kopilka enroll)")
              << "\n";
  return kExitOk;
}

}  // namespace

void add_sync_commands(CLI::App& app, CliContext& ctx) {
  add_enrol_command(app, ctx);
  auto* sync = app.add_subcommand("sync", "sync with head office");
  sync->require_subcommand(1);
  sync->add_subcommand("now", "push pending entries and pull changes now")->callback([&ctx] {
    ctx.exit_code = run_sync_now(ctx);
  });
  sync->add_subcommand("status", "pending entries, last sync, last error")->callback([&ctx] {
    ctx.exit_code = run_sync_status(ctx);
  });
  add_sync_refused_commands(*sync, ctx);
  add_sync_resend_command(*sync, ctx);
}

}  // namespace kopilka::cli
