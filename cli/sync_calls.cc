// The sync calls `kopilka sync` and `kopilka enroll` share; see sync_calls.h.
#include "cli/sync_calls.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "common/instance_lock.h"
#include "register/credential.h"
#include "register/store.h"
#include "register/sync_run.h"

namespace kopilka::cli {

using core::Json;

namespace {

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

}  // namespace

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
    // Frozen or busy at the right address, or started before `listen` changed: both are
    // said, with the pid (the same as every other command names it).
    const auto pid = common::InstanceLock::holder(config.data_dir, "kopilkad");
    const std::string who = pid ? std::to_string(*pid) : "?";
    const std::string at = config.listen_host + ":" + std::to_string(config.listen_port);
    return core::Status::conflict(
        output_lang(ctx) == Lang::kRu
            ? "kopilkad (pid " + who + ") работает с " + config.data_dir +
                  ", но не ответил на проверку на " + at +
                  "; ничего не отправлено: если он запускается или занят, повторите через "
                  "минуту; если он запущен до смены `listen`, перезапустите его (systemctl "
                  "restart kopilkad)"
            : "kopilkad (pid " + who + ") runs on " + config.data_dir +
                  " but did not answer its health check at " + at +
                  "; nothing was synced: if it is starting or busy, try again in a moment; if "
                  "it was started before `listen` changed, restart it (systemctl restart "
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

}  // namespace kopilka::cli
