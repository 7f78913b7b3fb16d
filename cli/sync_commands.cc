// `kopilka enroll`, `kopilka sync now|status` (docs/sync.md): joining head office and
// syncing with it. They work whether kopilkad runs or not: with the daemon up they ask it
// (it owns the database and the schedule); with it stopped they use the same sync code
// on the database directly, under SQLite's locking.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/enrol_report.h"
#include "cli/words.h"
#include "common/file_sync.h"
#include "common/instance_lock.h"
#include "register/config_edit.h"
#include "register/credential.h"
#include "register/enrol_upload.h"
#include "register/office_client.h"
#include "register/store.h"
#include "register/sync_run.h"

namespace kopilka::cli {
namespace {

using core::Json;
using core::Status;

std::string without_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

bool daemon_running(const daemon::DaemonConfig& config) {
  auto answer = call_daemon(config, "GET", "/v1/health", "", Token::kNone, 3);
  return answer.ok() && answer->status == 200;
}

daemon::OfficeEndpoint endpoint_for(const daemon::DaemonConfig& config, const std::string& url) {
  daemon::OfficeLink link = config.office ? *config.office : daemon::OfficeLink{};
  link.url = url;
  auto credential = daemon::read_credential(config.data_dir);
  return daemon::office_endpoint(link, credential ? *credential : std::string());
}

daemon::SyncOptions options_for(const daemon::DaemonConfig& config) {
  daemon::SyncOptions o;
  o.zone = config.settings.zone;
  o.now = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  return o;
}

// One line of progress on stderr, only for a person at a terminal.
void show_progress(const CliContext& ctx, const Json& summary) {
  if (ctx.json || isatty(STDERR_FILENO) != 1) return;
  std::int64_t pulled = summary.value("pulled", std::int64_t{0});
  std::int64_t left = summary.value("remaining", std::int64_t{0});
  std::int64_t pushed = summary.value("pushed", std::int64_t{0});
  std::string bar;
  if (pulled + left > 0) {
    int filled = static_cast<int>(pulled * 30 / (pulled + left));
    bar = "[" + std::string(filled, '#') + std::string(30 - filled, '.') + "] ";
  }
  std::cerr << "\r" << bar << say(ctx, "pushed ", "отправлено ") << pushed
            << say(ctx, ", pulled ", ", получено ") << pulled << " / " << (pulled + left) << "   "
            << std::flush;
}

// A sync through the running daemon, its progress polled while the call waits.
core::Result<Json> sync_via_daemon(const CliContext& ctx, const daemon::DaemonConfig& config) {
  std::atomic<bool> finished{false};
  std::thread poller([&] {
    while (!finished) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      if (finished) break;
      auto st = daemon_json(config, "GET", "/v1/admin/sync", Json(), Token::kAdmin, 5);
      if (st && st->contains("progress")) show_progress(ctx, (*st)["progress"]);
    }
  });
  auto result = daemon_json(config, "POST", "/v1/admin/sync", Json::object(), Token::kAdmin, 900);
  finished = true;
  poller.join();
  if (!ctx.json && isatty(STDERR_FILENO) == 1) std::cerr << "\r\033[K" << std::flush;
  return result;
}

core::Result<Json> sync_directly(const CliContext& ctx, const daemon::DaemonConfig& config,
                                 const std::string& url) {
  // kopilkad's own lock: a daemon that is running but did not answer the health check (busy,
  // starting) must not see a second sync run on its journal beside its own.
  auto lock = common::InstanceLock::hold_while_stopped(config.data_dir, "kopilkad");
  if (!lock) {
    if (lock.status().code() != core::Code::kConflict) return lock.status();
    return core::Status::conflict("kopilkad runs on " + config.data_dir +
                                  " but did not answer its health check; nothing was synced: "
                                  "try again in a moment, or restart it (systemctl restart "
                                  "kopilkad)");
  }
  auto store = daemon::Store::open(config.data_dir);
  if (!store) return store.status();
  auto endpoint = endpoint_for(config, url);
  auto options = options_for(config);
  if (config.office) options.sync_interval_s = config.office->sync_interval_s;
  options.credential = endpoint.credential;
  auto summary = daemon::run_sync_blocking(
      **store, endpoint, std::move(options),
      [&ctx](const daemon::SyncSummary& s) { show_progress(ctx, s.to_json()); });
  if (!ctx.json && isatty(STDERR_FILENO) == 1) std::cerr << "\r\033[K" << std::flush;
  if (summary.result == "ok") {
    auto now = options_for(config).now();
    (void)(*store)->set_meta("last_sync", core::format_rfc3339(now, config.settings.zone));
  }
  return summary.to_json();
}

void print_summary(const CliContext& ctx, const Json& s) {
  bool ok = s.value("sync", "") == "ok";
  // "offline" is also a register that has no head office at all: not a network fault.
  const std::string error = s.contains("error") && s["error"].is_string() ? s["error"] : "";
  const bool standalone =
      error == "head office not configured" || error.find("not enrolled") != std::string::npos;
  std::cout << paint(ctx, ok ? Tone::kOk : Tone::kFail,
                     ok ? say(ctx, "synced", "синхронизировано")
                     : standalone
                         ? say(ctx, "not enrolled with head office", "касса не подключена к офису")
                     : s.value("sync", "") == "offline"
                         ? say(ctx, "head office unreachable", "офис недоступен")
                         : say(ctx, "sync failed", "синхронизация не удалась"))
            << say(ctx, ": pushed ", ": отправлено ") << s.value("pushed", 0)
            << say(ctx, ", pulled ", ", получено ") << s.value("pulled", 0)
            << say(ctx, ", pending ", ", ждут отправки ") << s.value("pending", 0) << "\n";
  if (s.contains("error") && s["error"].is_string())
    std::cout << "  " << s["error"].get<std::string>() << "\n";
}

int sync_result_code(const Json& s) {
  return s.value("sync", "") == "ok" ? kExitOk : kExitFailure;
}

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

int run_enroll(CliContext& ctx, const std::string& url, const std::string& code,
               bool upload_programs, const std::string& ca_file) {
  auto config = load_config(ctx);
  if (!config) return report_error(ctx, config.status());
  // The demo's balances were written without receipts, so head office could never get
  // them, and its tokens are public: enrolling it would lose the one and expose the other.
  if (daemon::is_demo_config(*config))
    return report_error(
        ctx, Status::conflict(say(ctx,
                                  "this is the demo register (kopilkad --demo): its tokens are "
                                  "public and its balances have no receipts head office could "
                                  "take; set up the register with kopilka init and enrol that",
                                  "это демо-касса (kopilkad --demo): её токены общеизвестны, а у "
                                  "балансов нет чеков, которые мог бы принять офис; настройте "
                                  "кассу командой kopilka init и подключайте её")));
  if (Status s = daemon::check_office_url(url); !s)
    return report_error(ctx, Status::invalid(s.message(), "--office"));
  daemon::office_client_init();

  // The register keeps the id it has journalled under since its first start.
  bool running = daemon_running(*config);
  std::string register_id;
  if (running) {
    auto health = daemon_json(*config, "GET", "/v1/health", Json(), Token::kNone);
    if (!health) return report_error(ctx, health.status());
    register_id = health->value("register_id", "");
  } else {
    auto store = daemon::Store::open(config->data_dir);
    if (!store) return report_error(ctx, store.status());
    register_id = (*store)->register_id();
  }

  // What the register holds of its own, said even if the sync after enrolment fails.
  std::vector<std::string> local_programs = local_program_ids(config->data_dir);

  daemon::OfficeEndpoint endpoint = endpoint_for(*config, url);
  // Enrolled with this head office already, and its credential still accepted: enrolling
  // again (the first one's output scrolled away) changes nothing and leaves the code unused.
  // A register head office refuses goes on to enrol, as before.
  if (config->office && without_slash(config->office->url) == without_slash(url) &&
      !endpoint.credential.empty()) {
    auto probe = daemon::office_call(
        endpoint, {"GET", "/v1/sync/pull?after=9223372036854775807&limit=1", ""});
    if (probe && probe->status == 200) {
      if (ctx.json) {
        print_json(Json{
            {"register_id", register_id}, {"office", url}, {"enrolled", true}, {"already", true}});
      } else {
        std::cout << paint(ctx, Tone::kOk, say(ctx, "already enrolled", "касса уже подключена"))
                  << say(ctx, " as ", ": ") << register_id << " → " << url
                  << say(ctx,
                         "; head office accepts this register's credential: nothing to do, and "
                         "the code was not used",
                         "; офис принимает ключ этой кассы: делать ничего не нужно, код не "
                         "использован")
                  << "\n";
      }
      return kExitOk;
    }
  }
  endpoint.credential.clear();
  // A head office with a private CA: its certificate is trusted for this enrolment and
  // kept in the config for every sync after it.
  if (!ca_file.empty()) {
    if (::access(ca_file.c_str(), R_OK) != 0)
      return report_error(ctx, Status::invalid("cannot read " + ca_file, "--ca-file"));
    endpoint.ca_file = ca_file;
  }
  const PastOffice before = past_office(config->data_dir);
  Json body = {{"code", code}, {"register_id", register_id}};
  auto answer = daemon::office_call(endpoint, {"POST", "/v1/sync/enroll", body.dump()});
  if (!answer) return report_error(ctx, answer.status());
  if (answer->status != 200 || !answer->body.contains("credential") ||
      !answer->body["credential"].is_string()) {
    std::string why = daemon::office_error_text(*answer);
    return report_error(ctx, answer->status == 403 || answer->status == 400
                                 ? Status::invalid(why, "--code")
                                 : Status::unavailable(why));
  }
  std::string credential = answer->body["credential"].get<std::string>();

  // The upload marker before the credential: no sync may run enrolled without having
  // uploaded what this register held (docs/sync.md).
  // Both files are owned like the data dir (the service user's) from the moment they
  // appear, so kopilkad can read them; only root can give them away.
  std::optional<common::FileOwner> owner;
  struct stat dir {};
  if (::geteuid() == 0 && ::stat(config->data_dir.c_str(), &dir) == 0)
    owner = common::FileOwner{dir.st_uid, dir.st_gid};
  std::string marker = daemon::enrol_marker_path(config->data_dir);
  if (Status s = common::write_file_atomically(
          marker,
          daemon::enrol_marker_text(upload_programs ? daemon::EnrolPrograms::kUpload
                                                    : daemon::EnrolPrograms::kReplace) +
              "\n",
          0600, owner);
      !s)
    return report_error(ctx, s);
  // The credential first (0600), then the url in the config: a register with a url but
  // no credential is simply not enrolled yet.
  std::string path = daemon::credential_path(config->data_dir);
  if (Status s = common::write_file_atomically(path, credential + "\n", 0600, owner); !s)
    return report_error(ctx, s);
  auto updated = daemon::set_office_url_in_file(*config, url, path_as_kept(ca_file));
  if (!updated) return report_error(ctx, updated.status());

  auto result = running ? sync_via_daemon(ctx, *updated) : sync_directly(ctx, *updated, url);
  Json out = {
      {"register_id",
       answer->body.contains("register_id") && answer->body["register_id"].is_string()
           ? answer->body["register_id"].get<std::string>()
           : register_id},
      {"office", url},
      {"sync", result ? *result : Json{{"sync", "failed"}, {"error", result.status().message()}}},
      {"settings_replaced", settings_replaced(*config)},
      {"entries_left_behind", entries_left_behind(before, config->data_dir)}};
  if (ctx.json) {
    print_json(out);
  } else {
    std::cout << paint(ctx, Tone::kOk, say(ctx, "enrolled", "касса подключена"))
              << say(ctx, " as ", ": ") << out["register_id"].get<std::string>() << " → " << url
              << "\n";
    print_summary(ctx, out["sync"]);
    print_enrolment(ctx, out["sync"].value("enrolment", Json()), local_programs, upload_programs,
                    local_program_ids(config->data_dir));
    print_settings_replaced(ctx, out["settings_replaced"]);
    print_entries_left_behind(ctx, out["entries_left_behind"].get<std::int64_t>());
  }
  return sync_result_code(out["sync"]);
}

}  // namespace

void add_sync_commands(CLI::App& app, CliContext& ctx) {
  auto* enroll = app.add_subcommand(
      "enroll",
      "join head office with a one-time code, store this register's credential, sync once");
  auto url = std::make_shared<std::string>();
  auto code = std::make_shared<std::string>();
  enroll->add_option("--office", *url, "head office URL (https://…, or http://127.0.0.1:PORT)")
      ->required();
  enroll->add_option("--code", *code, "the one-time code from kopilka-office register add")
      ->required();
  auto upload_programs = std::make_shared<bool>(false);
  enroll->add_flag("--upload-programs", *upload_programs,
                   "send this register's own programs to head office (by default head "
                   "office's programs replace them)");
  auto ca_file = std::make_shared<std::string>();
  enroll->add_option("--ca-file", *ca_file,
                     "the certificate of a head office's own CA (PEM), kept as [office] ca_file");
  enroll->callback([&ctx, url, code, upload_programs, ca_file] {
    ctx.exit_code = run_enroll(ctx, *url, *code, *upload_programs, *ca_file);
  });

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
