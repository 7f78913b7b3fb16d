// kopilka-office: the head-office server, `register add` for issuing enrolment codes,
// `backup DIR`, `migrate-storage --to URL` and `--check-config`. Wires config, store and HTTP
// server onto one io_context; tells systemd when it is ready and that it is alive; SIGTERM stops it
// cleanly.
#include <curl/curl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <CLI/CLI.hpp>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "common/command_line.h"
#include "common/config_check.h"
#include "common/http_server.h"
#include "common/instance_lock.h"
#include "common/log_text.h"
#include "common/systemd_notify.h"
#include "office/client_address.h"
#include "office/commands.h"
#include "office/config.h"
#include "office/data_dir.h"
#include "office/export_jobs.h"
#include "office/notify_worker.h"
#include "office/office_epoch.h"
#include "office/password_checks.h"
#include "office/push_queue.h"
#include "office/routes.h"
#include "office/sql_connection.h"
#include "office/sqlite_store.h"
#include "office/storage.h"
#include "office/upgrade_steps.h"

namespace {

using namespace kopilka;

// `without_report_sums`: for the benchmark of what the report sums cost the shift-close
// storm alone (docs/benchmarks.md); an office run so has wrong reports.
int serve(const office::OfficeConfig& config, bool without_report_sums) {
  // One process serves a SQLite file (several share PostgreSQL); migrate-storage takes the
  // same lock, so it never copies a file that is still taking pushes.
  std::optional<common::InstanceLock> lock;
  if (config.storage.engine == office::StorageUrl::Engine::kSqlite) {
    auto taken = common::InstanceLock::take(
        office::sqlite_lock_dir(config.storage, config.data_dir), "kopilka-office");
    if (!taken) return office::command_failed(taken.status());
    lock.emplace(std::move(*taken));
  }
  auto store = office::open_storage(config.storage, config.data_dir, config.settings);
  if (!store) return office::command_failed(store.status());
  if (core::Status s = office::run_upgrade_steps((*store)->sql(), office::wall_clock()); !s)
    return office::command_failed(s);
  std::uint64_t open_files = common::raise_open_file_limit();
  for (const auto& loose : office::loose_permissions(config.data_dir)) spdlog::error("{}", loose);
  for (const auto& w : config.warnings) spdlog::warn("{}", w);
  asio::io_context io(1);
  // Pushes are applied on a thread of their own with a connection of their own, so the loop
  // answers health checks and pulls while a group commit is written.
  auto push_store = office::open_storage(config.storage, config.data_dir, config.settings,
                                         office::Opening::kAnother);
  if (!push_store) return office::command_failed(push_store.status());
  if (without_report_sums) {
    auto* sqlite = dynamic_cast<office::SqliteStore*>(push_store->get());
    if (!sqlite)
      return office::command_failed(
          core::Status::invalid("--benchmark-without-report-sums needs the SQLite engine"));
    sqlite->skip_report_sums_for_benchmark();
    spdlog::warn("pushes applied without the report sums, for a benchmark: reports will be wrong");
  }
  office::PushQueue pushes(io, std::move(*push_store), office::wall_clock);
  curl_global_init(CURL_GLOBAL_DEFAULT);  // before the worker's thread starts
  // Notifications are found and sent on a thread of their own, with its own connection:
  // an SMTP server or webhook that hangs never holds a push.
  auto notify_sql = office::open_sql_connection(config.storage, config.data_dir);
  if (!notify_sql) return office::command_failed(notify_sql.status());
  office::PushActivity push_activity;  // the burn scan stands aside for pushes
  office::NotifyWorker notifier(config, std::move(*notify_sql), office::wall_clock, &push_activity);
  notifier.start();
  // Big CSV exports read on threads of their own, each with its own connection.
  office::ExportJobs exports(
      [&config] { return office::open_sql_connection(config.storage, config.data_dir); },
      office::wall_clock);
  office::OfficeContext ctx{**store, config, office::wall_clock, &pushes, &exports};
  ctx.push_activity = &push_activity;
  office::PasswordChecks passwords(io);
  ctx.passwords = &passwords;
  auto epoch = office::office_epoch((*store)->sql());
  if (!epoch) return office::command_failed(epoch.status());
  ctx.epoch = *epoch;
  common::ListenConfig listen;
  listen.host = config.listen_host;
  listen.port = config.listen_port;
  listen.tls_cert = config.tls_cert;
  listen.tls_key = config.tls_key;
  listen.max_body_bytes = 8 * 1024 * 1024;  // a push batch of 2000 entries fits
  // Every register of a chain at shift close, with room for idle and slow connections,
  // each of which the read deadline closes.
  listen.max_connections = 8192;
  // A push of up to 8 MiB must arrive whole in this time (about 5 Mbit/s); a client that
  // sends no request, or sends it a byte at a time, is closed after it.
  listen.read_timeout = std::chrono::seconds(15);
  // At a shift-close storm a push waits its turn behind every batch that came before it;
  // closing it after the default 30 s made the register send it again into the same queue.
  // A register gives up after 60 s (register/office_client.cc), so that is the bound.
  listen.handle_timeout = std::chrono::seconds(120);
  // One address cannot take every slot; through a trusted proxy come many registers.
  listen.max_connections_per_address = static_cast<std::size_t>(config.max_connections_per_address);
  listen.unlimited_address = [&config](const std::string& address) {
    return is_trusted_proxy(config.trusted_proxies, address);
  };
  auto server = common::start_http_server(io, listen,
                                          [&ctx](common::HttpRequest req, common::Respond respond) {
                                            office::handle(ctx, req, std::move(respond));
                                          });
  if (!server) {
    std::string msg = server.status().message() + " (listen = \"" + config.listen_host + ":" +
                      std::to_string(config.listen_port) + "\")";
    if (msg.find("in use") != std::string::npos)
      msg +=
          ": another program holds this address; kopilka-office may already be running "
          "(systemctl status kopilka-office), or change listen in its office.toml";
    return office::command_failed(core::Status(server.status().code(), msg));
  }
  spdlog::info("kopilka-office listening on {}:{} ({}, {} open files)", config.listen_host,
               config.listen_port, config.tls_cert.empty() ? "plain HTTP, loopback only" : "HTTPS",
               open_files);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer watchdog(io);
  signals.async_wait([&](const std::error_code& ec, int signo) {
    if (ec) return;
    spdlog::info("signal {}: stopping", signo);
    common::notify_stopping();
    watchdog.cancel();
    notifier.stop();
    (*server)->close();
    io.stop();
  });
  common::keep_watchdog(watchdog);
  common::notify_ready();
  io.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  kopilka::common::escape_log_messages(*spdlog::default_logger());
  CLI::App app{"Kopilka head-office server"};
  app.set_version_flag("--version", "kopilka-office 0.1.0");
  std::string config_path = "/etc/kopilka/office.toml";
  app.add_option("--config", config_path, "office.toml")->capture_default_str();
  bool check_config = false;
  app.add_flag("--check-config", check_config, "validate the --config file and exit (0 ok, 2 bad)");
  // Hidden from --help: only bench/ uses it.
  bool without_report_sums = false;
  app.add_flag("--benchmark-without-report-sums", without_report_sums)->group("");
  office::Commands commands{app, config_path, {}};
  office::add_data_commands(commands);
  office::add_register_commands(commands);
  office::add_store_commands(commands);
  office::add_user_commands(commands);
  office::add_route_commands(commands);
  office::add_export_commands(commands);
  office::add_report_commands(commands);
  if (auto exit_code = common::parse_command_line(app, argc, argv)) return *exit_code;
  // Everything head office writes (database, -wal/-shm, backups) is its group's at most.
  ::umask(027);

  const office::OfficeConfig no_config;
  for (const auto& chosen : commands.runs)
    if (chosen.command->parsed() && !chosen.needs_config) return chosen.run(no_config);
  auto config = office::load_office_config(config_path);
  if (check_config)
    return common::report_config_check(
        "kopilka-office", config_path, config ? core::Status::ok() : config.status(), std::cout,
        std::cerr, config ? config->warnings : std::vector<std::string>{});
  if (!config) return office::command_failed(config.status());
  for (const auto& chosen : commands.runs)
    if (chosen.command->parsed()) return chosen.run(*config);
  return serve(*config, without_report_sums);
}
