// kopilka-office: the head-office server, `register add` for issuing enrolment codes,
// `backup DIR`, `migrate-storage --to URL` and `--check-config`. Wires config, store and HTTP
// server onto one io_context; tells systemd when it is ready and that it is alive; SIGTERM stops it
// cleanly.
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <CLI/CLI.hpp>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "common/config_check.h"
#include "common/http_server.h"
#include "common/log_text.h"
#include "common/systemd_notify.h"
#include "office/backup.h"
#include "office/card_import.h"
#include "office/config.h"
#include "office/data_dir.h"
#include "office/migrate_storage.h"
#include "office/push_queue.h"
#include "office/routes.h"
#include "office/storage.h"

namespace {

using namespace kopilka;

core::Instant wall_clock() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int fail(const core::Status& s) {
  std::cerr << "kopilka-office: " << (s.field().empty() ? "" : s.field() + ": ") << s.message()
            << "\n";
  if (s.code() == core::Code::kInvalid) return 2;
  return s.code() == core::Code::kCorrupt ? 3 : 1;  // as kopilkad: a damaged database
}

int serve(const office::OfficeConfig& config) {
  auto store = office::open_storage(config.storage, config.data_dir, config.settings);
  if (!store) return fail(store.status());
  std::uint64_t open_files = common::raise_open_file_limit();
  for (const auto& loose : office::loose_permissions(config.data_dir)) spdlog::error("{}", loose);
  asio::io_context io(1);
  office::PushQueue pushes(io, **store, wall_clock);
  office::OfficeContext ctx{**store, config, wall_clock, &pushes};
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
  auto server = common::start_http_server(io, listen,
                                          [&ctx](common::HttpRequest req, common::Respond respond) {
                                            office::handle(ctx, req, std::move(respond));
                                          });
  if (!server) return fail(server.status());
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
    (*server)->close();
    io.stop();
  });
  common::keep_watchdog(watchdog);
  common::notify_ready();
  io.run();
  return 0;
}

// Stop head office first: pushes that land after the copy stay in the SQLite file.
int migrate_storage(const office::OfficeConfig& config, const std::string& to) {
  if (config.storage.engine != office::StorageUrl::Engine::kSqlite)
    return fail(core::Status::invalid(
        "head office already runs on PostgreSQL: migrate-storage copies its SQLite database",
        "storage.url"));
  auto target = office::parse_storage_url(to);
  if (!target || target->engine != office::StorageUrl::Engine::kPostgres)
    return fail(core::Status::invalid("--to must be a postgresql://… URL", "--to"));
  auto report = office::migrate_sqlite_to_postgres(config.data_dir, config.storage.sqlite_path,
                                                   target->postgres, config.settings);
  if (!report) return fail(report.status());
  for (const auto& [table, rows] : report->rows) std::cout << table << " " << rows << "\n";
  std::cout << "server sequence " << report->sequence << "\n"
            << "copied; set [storage] url in the config to the new database and start "
               "kopilka-office\n";
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
  auto* backup = app.add_subcommand("backup", "copy the database into DIR while the server runs");
  std::string backup_dir;
  backup->add_option("DIR", backup_dir, "where to put the backup file")->required();
  backup->add_option("--config", config_path, "office.toml");
  auto* migrate = app.add_subcommand("migrate-storage",
                                     "copy the SQLite database into an empty PostgreSQL database");
  std::string migrate_to;
  migrate->add_option("--to", migrate_to, "the target, postgresql://user@host:port/db")->required();
  migrate->add_option("--config", config_path, "office.toml");
  auto* reg = app.add_subcommand("register", "manage registers");
  auto* add = reg->add_subcommand("add", "print a one-time enrolment code for a new register");
  std::string name;
  add->add_option("NAME", name, "the register's name, e.g. \"Store 1, till 2\"")->required();
  add->add_option("--config", config_path, "office.toml");
  reg->require_subcommand(1);
  auto* import = app.add_subcommand("import", "import data into head office");
  auto* import_cards =
      import->add_subcommand("cards", "import cards and customers from a CSV file");
  std::string csv_path;
  bool strict = false;
  import_cards
      ->add_option("FILE", csv_path,
                   "CSV with a header: number,status,groups,customer_id,name,phone,birthday")
      ->required();
  import_cards->add_flag("--strict", strict, "stop at the first bad line and import nothing");
  import_cards->add_option("--config", config_path, "office.toml");
  import->require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  // Everything head office writes (database, -wal/-shm, backups) is its group's at most.
  ::umask(027);

  auto config = office::load_office_config(config_path);
  if (check_config)
    return common::report_config_check("kopilka-office", config_path,
                                       config ? core::Status::ok() : config.status(), std::cout,
                                       std::cerr);
  if (!config) return fail(config.status());
  if (backup->parsed()) {
    if (config->storage.engine == office::StorageUrl::Engine::kPostgres)
      return fail(core::Status::unavailable(
          "the database is PostgreSQL: back it up with pg_dump (docs/office.md)"));
    auto file =
        office::backup_office(config->data_dir, backup_dir, std::chrono::system_clock::now(),
                              config->storage.sqlite_path);
    if (!file) return fail(file.status());
    std::cout << *file << std::endl;
    return 0;
  }
  if (migrate->parsed()) return migrate_storage(*config, migrate_to);
  if (add->parsed()) {
    auto store = office::open_storage(config->storage, config->data_dir, config->settings);
    if (!store) return fail(store.status());
    auto code = (*store)->add_register(name, wall_clock());
    if (!code) return fail(code.status());
    std::cout << *code << std::endl;
    return 0;
  }
  if (import_cards->parsed()) {
    std::ifstream in(csv_path);
    if (!in) return fail(core::Status::not_found("cannot read " + csv_path));
    auto store = office::open_storage(config->storage, config->data_dir, config->settings);
    if (!store) return fail(store.status());
    auto report = office::import_cards_csv(**store, in, strict);
    if (!report) return fail(report.status());
    for (const auto& e : report->errors) std::cerr << csv_path << ": " << e << "\n";
    std::cout << "imported " << report->imported << " cards, " << report->errors.size()
              << " lines refused\n";
    return report->errors.empty() ? 0 : 1;
  }
  return serve(*config);
}
