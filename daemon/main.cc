// kopilkad: the register daemon. Loads and checks the config, opens the store, then runs
// the local API on one Asio event loop until SIGTERM; tells systemd when it is ready and
// that it is alive.
#include <sys/stat.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "common/command_line.h"
#include "common/config_check.h"
#include "common/config_util.h"
#include "common/http_server.h"
#include "common/instance_lock.h"
#include "common/log_text.h"
#include "common/systemd_notify.h"
#include "daemon/app.h"
#include "daemon/demo.h"
#include "daemon/syncer.h"
#include "drivers/scanner_manager.h"
#include "register/config.h"
#include "register/credential.h"
#include "register/office_client.h"

namespace {

using namespace kopilka;

core::Instant wall_clock() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int fail(const core::Status& s, int code) {
  std::cerr << "kopilkad: " << (s.field().empty() ? "" : s.field() + ": ") << s.message() << "\n";
  return code;
}

// A port clash names the address and its usual cause (a second kopilkad).
core::Status listen_failure(const core::Status& s, const common::ListenConfig& listen,
                            const std::string& config_path) {
  std::string msg =
      s.message() + " (listen = \"" + listen.host + ":" + std::to_string(listen.port) + "\")";
  if (s.message().find("in use") != std::string::npos)
    msg +=
        ": another program holds this address; kopilkad may already be running "
        "(systemctl status kopilkad), or change listen in " +
        config_path;
  return core::Status(s.code(), msg, s.field());
}

int run(daemon::DaemonConfig config, bool demo) {
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  std::uint64_t open_files = common::raise_open_file_limit();
  asio::io_context io(1);
  int exit_code = 0;
  std::function<void()> shut_down;  // set below, once what it stops exists
  // The integrity check ends after the API is up on a large database: a damaged file stops
  // the daemon as a refused start would, with the same message and exit code.
  // Once the file is known whole, one small write says whether writes work: a register
  // restarted on a full disk reads fine, and its health must not say "ok" until then.
  std::function<void()> probe_write;  // set below, once the app exists
  auto on_checked = [&io, &exit_code, &shut_down, &probe_write](const core::Status& verdict) {
    if (verdict) {
      spdlog::info("the database passed its integrity check");
      return asio::post(io, [&probe_write] { probe_write(); });
    }
    asio::post(io, [&exit_code, &shut_down, verdict] {
      exit_code = fail(verdict, verdict.code() == core::Code::kCorrupt ? 3 : 1);
      shut_down();
    });
  };
  // An enrolled config whose data_dir holds no database: a mistyped data_dir would start an
  // empty register, every card unknown at the till. Said loudly; doctor fails on it too.
  if (config.office && !std::filesystem::exists(config.data_dir + "/kopilka.db") &&
      !daemon::read_credential(config.data_dir).ok())
    spdlog::error(
        "data_dir {} holds no database and no head-office credential, though [office] url is "
        "set: starting an empty register that does not sync; if data_dir is mistyped, stop "
        "kopilkad and fix it",
        config.data_dir);
  // Before the store is opened: a second daemon must not even migrate or check the file.
  auto lock = common::InstanceLock::take(config.data_dir, "kopilkad");
  if (!lock) return fail(lock.status(), 1);
  auto store = daemon::Store::open(config.data_dir, on_checked);
  if (!store) return fail(store.status(), store.status().code() == core::Code::kCorrupt ? 3 : 1);
  daemon::App app{io, std::move(config), std::move(*store), {}, nullptr, nullptr, wall_clock};
  probe_write = [&app] {
    (void)daemon::write(
        app, [&app] { return app.store->set_meta("last_start", std::to_string(app.now())); });
  };
  if (app.store->opened_alone()) {
    app.last_write_failed = true;
    spdlog::error(
        "started read-only: {} cannot be written (the disk is full?); cards and calculate are "
        "served, writes answer 503 until space returns; kopilka commands that read the "
        "database wait until kopilkad restarts",
        app.store->path());
  }
  app.events = std::make_unique<daemon::EventBus>(
      io,
      [&app](const std::string& card) {
        auto c = app.store->load_card(card);
        return c.ok() && c->has_value();
      },
      [&app] { return app.now_text(); });
  if (core::Status s = app.reload_programs(); !s) return fail(s, 1);
  app.file_settings = app.config.settings;
  if (core::Status s = app.reload_settings(); !s) return fail(s, 1);
  if (demo) {
    if (core::Status s = daemon::seed_demo(app); !s) return fail(s, 1);
    if (core::Status s = app.reload_programs(); !s) return fail(s, 1);
  }

  drivers::ScannerManager scanners(io, app.config.scanners, *app.events);
  app.scanners = &scanners;
  scanners.start();

  daemon::Syncer syncer(app);
  app.syncer = &syncer;
  syncer.start();

  common::ListenConfig listen;
  listen.host = app.config.listen_host;
  listen.port = app.config.listen_port;
  // 1 000 lines with every string at 256 characters of 4-byte UTF-8 is 3.2 MB (docs/api.md).
  listen.max_body_bytes = 4 * 1024 * 1024;
  // Idle connections, slow senders and long polls each hold a slot for a bounded time
  // (read_timeout, the long poll's wait), so thousands of them leave room for the POS.
  listen.max_connections = 4096;
  listen.read_timeout = std::chrono::seconds(5);
  // A long poll waits up to 60 s; a shift close waits for its sync, which a first pull
  // of a large chain can make long.
  listen.handle_timeout = std::chrono::seconds(300);
  auto server = common::start_http_server(
      io, listen, [&app](common::HttpRequest req, common::Respond respond) {
        daemon::handle_request(app, std::move(req), std::move(respond));
      });
  if (!server) return fail(listen_failure(server.status(), listen, app.config.path), 1);
  if (!common::is_loopback_host(listen.host))
    spdlog::warn("listening on {} — reachable from the network; make sure that is intended",
                 listen.host);
  spdlog::info("kopilkad {} listening on {}:{} (register {}, {} programs, {} open files)", "0.1.0",
               listen.host, listen.port, app.store->register_id(), app.programs.size(), open_files);

  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer watchdog(io);
  shut_down = [&] {
    common::notify_stopping();
    scanners.stop();
    syncer.stop();
    app.events->release_all();
    (*server)->close();
    watchdog.cancel();
    signals.cancel();
  };
  signals.async_wait([&](const std::error_code& ec, int signo) {
    if (ec) return;
    spdlog::info("signal {}: finishing requests and stopping", signo);
    shut_down();
  });
  common::keep_watchdog(watchdog);
  common::notify_ready();
  io.run();
  spdlog::info("requests finished; closing the database");
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"kopilkad: Kopilka's register daemon"};
  cli.set_version_flag("--version", "kopilkad 0.1.0");
  std::string config_path, check_path, demo_dir;
  auto* config_opt = cli.add_option("--config", config_path, "run with this TOML config");
  auto* check_opt =
      cli.add_option("--check-config", check_path, "validate a config and exit (0 ok, 2 bad)");
  auto* demo_opt =
      cli.add_option("--demo", demo_dir, "run the demo register with its data in this directory");
  config_opt->excludes(check_opt)->excludes(demo_opt);
  check_opt->excludes(demo_opt);
  if (auto exit_code = common::parse_command_line(cli, argc, argv)) return *exit_code;
  // The database, its -wal/-shm and the backups hold customers' names and phones: the
  // service's group at most may read them, even where data_dir itself is left open.
  ::umask(027);
  spdlog::set_default_logger(spdlog::stderr_color_mt("kopilkad"));
  common::escape_log_messages(*spdlog::default_logger());
  daemon::office_client_init();  // once, before the sync worker thread starts

  if (!check_path.empty()) {
    auto config = daemon::load_daemon_config(check_path);
    return common::report_config_check(
        "kopilkad", check_path, config ? core::Status::ok() : config.status(), std::cout, std::cerr,
        config ? config->warnings : std::vector<std::string>{});
  }
  bool demo = !demo_dir.empty();
  if (demo) {
    auto path = daemon::prepare_demo_config(std::filesystem::absolute(demo_dir).string());
    if (!path) return fail(path.status(), 1);
    config_path = *path;
  }
  if (config_path.empty()) {
    std::cerr << "kopilkad: give --config FILE (or --demo DIR); see --help\n";
    return 2;
  }
  auto config = daemon::load_daemon_config(config_path);
  if (!config) return fail(config.status(), 2);
  for (const auto& w : config->warnings) spdlog::warn("{}", w);
  const int exit_code = run(std::move(*config), demo);
  // Said once everything is closed (the database checkpointed, the threads joined, the
  // instance lock let go): a technician reading "stopped" may start another at once.
  if (exit_code == 0)
    spdlog::info("stopped");
  else
    spdlog::info("stopped (exit {})", exit_code);
  return exit_code;
}
