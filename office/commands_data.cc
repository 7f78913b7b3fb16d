// `backup DIR`, `restored`, `migrate-storage --to URL` and `import cards FILE` (commands.h).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "common/instance_lock.h"
#include "office/backup.h"
#include "office/card_import.h"
#include "office/commands.h"
#include "office/migrate_storage.h"
#include "office/office_epoch.h"
#include "office/sql_connection.h"
#include "office/storage.h"

namespace kopilka::office {

namespace {

int backup(const OfficeConfig& config, const std::string& dir) {
  if (config.storage.engine == StorageUrl::Engine::kPostgres)
    return command_failed(core::Status::unavailable(
        "the database is PostgreSQL: back it up with pg_dump (docs/office.md)"));
  auto file = backup_office(config.data_dir, dir, std::chrono::system_clock::now(),
                            config.storage.sqlite_path);
  if (!file) return command_failed(file.status());
  std::cout << *file << std::endl;
  return 0;
}

// Takes head office's lock beside its SQLite file into `lock`, so that a head office still
// serving the file refuses the command, and one started meanwhile fails to start.
core::Status hold_sqlite_file(const OfficeConfig& config, std::optional<common::InstanceLock>& lock,
                              const char* nothing_done) {
  const std::string lock_dir = sqlite_lock_dir(config.storage, config.data_dir);
  if (!std::filesystem::is_directory(lock_dir)) return core::Status::ok();
  auto taken = common::InstanceLock::take(lock_dir, "kopilka-office");
  if (!taken) return core::Status::conflict(taken.status().message() + "; " + nothing_done);
  lock.emplace(std::move(*taken));
  return core::Status::ok();
}

// On PostgreSQL the processes serving the database may run on other machines: each keeps
// the epoch it read at its start, so one still running would go on answering the old one
// (its registers would resend their journals at every switch between processes). Its
// connections say so in pg_stat_activity (pg_conn.cc names them).
core::Status no_other_office_connection(const OfficeConfig& config) {
  auto sql = open_sql_connection(config.storage, config.data_dir);
  if (!sql) return sql.status();
  auto rows = (*sql)->query(
      "SELECT count(*) FROM pg_stat_activity "
      "WHERE datname = current_database() AND application_name = 'kopilka-office' "
      "AND pid <> pg_backend_pid()",
      {});
  if (!rows) return rows.status();
  const std::string open = rows->empty() ? "0" : (*rows)[0].text(0);
  if (open != "0")
    return core::Status::conflict(
        open +
        " connection(s) of kopilka-office are open on this database: stop every head "
        "office process (on every machine) first; nothing was changed");
  return core::Status::ok();
}

// After a restore by other means than a backup of this command's (pg_restore, a file
// system's snapshot): the database gets a new epoch, so every register sends its journal
// again and pulls everything afresh (office_epoch.h). Run with every head office process
// stopped: each reads the epoch when it starts.
int restored(const OfficeConfig& config) {
  std::optional<common::InstanceLock> lock;
  if (config.storage.engine == StorageUrl::Engine::kSqlite)
    if (core::Status s = hold_sqlite_file(config, lock, "nothing was changed"); !s)
      return command_failed(s);
  if (config.storage.engine == StorageUrl::Engine::kPostgres)
    if (core::Status s = no_other_office_connection(config); !s) return command_failed(s);
  auto store = open_storage(config.storage, config.data_dir, config.settings);
  if (!store) return command_failed(store.status());
  auto epoch = renew_office_epoch((*store)->sql());
  if (!epoch) return command_failed(epoch.status());
  std::cout << "new epoch " << *epoch
            << ": at their next sync, registers send their journals again and pull everything "
               "afresh\n";
  return 0;
}

// Stop head office first: pushes that land after the copy stay in the SQLite file.
int migrate(const OfficeConfig& config, const std::string& to) {
  if (config.storage.engine != StorageUrl::Engine::kSqlite)
    return command_failed(core::Status::invalid(
        "head office already runs on PostgreSQL: migrate-storage copies its SQLite database",
        "storage.url"));
  // The target is always PostgreSQL: the storage URL's own message offered "sqlite" too.
  auto target = parse_storage_url(to);
  if (target && target->engine == StorageUrl::Engine::kPostgres) {
    // a PostgreSQL URI: as it is
  } else if (!target && (to.rfind("postgresql://", 0) == 0 || to.rfind("postgres://", 0) == 0)) {
    return command_failed(core::Status::invalid(target.status().message(), "--to"));
  } else {
    return command_failed(core::Status::invalid(
        "must be a postgresql://… URL (the empty database to copy into)", "--to"));
  }
  // Held through the copy: a head office still serving the file is refused, and one
  // started meanwhile waits its turn by failing to start.
  std::optional<common::InstanceLock> lock;
  if (core::Status s = hold_sqlite_file(config, lock, "nothing was copied"); !s)
    return command_failed(s);
  auto report = migrate_sqlite_to_postgres(config.data_dir, config.storage.sqlite_path,
                                           target->postgres, config.settings);
  if (!report) return command_failed(report.status());
  for (const auto& [table, rows] : report->rows) std::cout << table << " " << rows << "\n";
  std::cout << "server sequence " << report->sequence << "\n"
            << "copied; set [storage] url in the config to the new database and start "
               "kopilka-office\n";
  return 0;
}

int import_cards(const OfficeConfig& config, const std::string& csv_path, bool strict) {
  std::ifstream in(csv_path);
  if (!in) return command_failed(core::Status::not_found("cannot read " + csv_path));
  auto store = open_storage(config.storage, config.data_dir, config.settings);
  if (!store) return command_failed(store.status());
  auto report = import_cards_csv(**store, in, strict);
  if (!report) return command_failed(report.status());
  // One entry for the file (a card each would bury the log under an import of 100 000).
  if (report->imported > 0)
    audit_from_shell((*store)->sql(),
                     {"cards.import", "file:" + std::filesystem::path(csv_path).filename().string(),
                      std::nullopt,
                      core::Json{{"file", std::filesystem::absolute(csv_path).string()},
                                 {"imported", report->imported},
                                 {"refused", report->errors.size()}}});
  if (report->read_as_windows1251)
    std::cerr << csv_path
              << ": not UTF-8, read as Windows-1251 (Excel's \"CSV\" on a Russian "
                 "Windows); if the names look wrong, save the file as \"CSV UTF-8\"\n";
  if (!report->ignored_columns.empty())
    std::cerr << csv_path << ": columns not imported: "
              << fmt::format("{}", fmt::join(report->ignored_columns, ", "))
              << " (balances come from receipts)\n";
  for (const auto& e : report->errors) std::cerr << csv_path << ": " << e << "\n";
  std::cout << "imported " << report->imported << (report->imported == 1 ? " card, " : " cards, ")
            << report->errors.size() << (report->errors.size() == 1 ? " line" : " lines")
            << " refused\n";
  return report->errors.empty() ? 0 : 1;
}

}  // namespace

void add_data_commands(Commands& c) {
  auto* backup_cmd =
      c.app.add_subcommand("backup", "copy the database into DIR while the server runs");
  auto dir = std::make_shared<std::string>();
  backup_cmd->add_option("DIR", *dir, "where to put the backup file")->required();
  c.on(backup_cmd, [dir](const OfficeConfig& config) { return backup(config, *dir); });

  auto* migrate_cmd = c.app.add_subcommand(
      "migrate-storage", "copy the SQLite database into an empty PostgreSQL database");
  auto to = std::make_shared<std::string>();
  migrate_cmd->add_option("--to", *to, "the target, postgresql://user@host:port/db")->required();
  c.on(migrate_cmd, [to](const OfficeConfig& config) { return migrate(config, *to); });

  auto* restored_cmd = c.app.add_subcommand(
      "restored",
      "after restoring the database from a backup: registers send their journals again");
  c.on(restored_cmd, [](const OfficeConfig& config) { return restored(config); });

  auto* import = c.app.add_subcommand("import", "import data into head office");
  auto* cards = import->add_subcommand("cards", "import cards and customers from a CSV file");
  auto path = std::make_shared<std::string>();
  auto strict = std::make_shared<bool>(false);
  cards
      ->add_option("FILE", *path,
                   "CSV with a header: number,status,groups,customer_id,name,phone,birthday")
      ->required();
  cards->add_flag("--strict", *strict, "stop at the first bad line and import nothing");
  import->require_subcommand(1);
  c.on(cards,
       [path, strict](const OfficeConfig& config) { return import_cards(config, *path, *strict); });
}

}  // namespace kopilka::office
