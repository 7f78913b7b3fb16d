// The SQLite engine of head office's store (store.h): opening office.db (refusing a damaged
// or emptied file, migrating it), the server sequence, and the programs cache. Every write
// is one BEGIN IMMEDIATE transaction that also advances the server sequence, so a pull
// never sees half a change, and numbers commit in order (one writer at a time).
#include "office/sqlite_store.h"

#include <filesystem>

#include "common/db_check.h"
#include "common/migrations.h"
#include "common/systemd_notify.h"
#include "office/data_dir.h"
#include "office/stored_text.h"

namespace kopilka::schema {
const std::vector<std::string>& office_migrations();
}

namespace kopilka::office {

using core::CardState;
using core::Json;

namespace {

constexpr int kCacheKiB = 64 * 1024;  // SQLite's page cache for office.db

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& data_dir,
                                                       const core::Settings& settings,
                                                       const std::string& db_path,
                                                       Opening opening) {
  if (Status s = make_data_dir(data_dir); !s) return s;
  const std::string path = db_path.empty() ? data_dir + "/office.db" : db_path;
  std::error_code ec;
  const bool new_file = !std::filesystem::exists(path, ec);
  // Refuse a damaged file by name, and never start over on an emptied one: head office's
  // database is the chain's only copy of every balance.
  auto damaged = [&](const std::string& why) {
    return Status::corrupt(path + " " + why + "; stop here and restore it from a backup of " +
                           data_dir + " (nothing was changed)");
  };
  if (common::is_emptied_file(path))
    return damaged("is empty although it exists: its data is lost");
  auto db = Db::open(path);
  if (!db) {
    if (db.status().code() != core::Code::kCorrupt) return db.status();
    return damaged("is not a usable database (" + db.status().message() + ")");
  }
  // The whole file is checked before a migration or a push writes into it: a write on a
  // damaged page can spread the damage, and the backup taken next would carry it.
  if (Status s = opening == Opening::kFirst ? common::quick_check(**db) : Status::ok(); !s) {
    if (s.code() != core::Code::kCorrupt) return s;
    return damaged("is damaged (" + s.message() + ")");
  }
  if (Status s = opening == Opening::kFirst
                     ? common::migrate(**db, schema::office_migrations(), "kopilka-office",
                                       common::notify_upgrading)
                     : Status::ok();
      !s) {
    if (s.code() != core::Code::kCorrupt) return s;
    return damaged("is not a usable database (" + s.message() + ")");
  }
  // SQLite gives -wal and -shm the main file's mode, so they follow it from here on.
  if (new_file) restrict_database_files(path);
  // Cards are read and rewritten at random all over the file at the shift-close storm;
  // SQLite's default page cache (2 MiB) sent most of those reads to the kernel again.
  if (Status s = (*db)->exec("PRAGMA cache_size = -" + std::to_string(kCacheKiB)); !s) return s;
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(*db), settings));
  if (Status s = store->reload_programs(); !s) return s;
  return store;
}

Result<std::int64_t> SqliteStore::read_seq() {
  auto st = db_->prepare("SELECT value FROM meta WHERE key = 'seq'");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return Status::corrupt("the server sequence is missing");
  std::int64_t seq = std::stoll(st->text(0));
  st->reset();
  return seq;
}

Status SqliteStore::write_seq(std::int64_t seq) {
  auto st = db_->prepare("UPDATE meta SET value = ?1 WHERE key = 'seq'");
  if (!st) return st.status();
  return st->bind(1, std::to_string(seq)).run();
}

Status SqliteStore::save_card(const CardState& card, std::int64_t seq) {
  auto st = db_->prepare(kSaveCard);
  if (!st) return st.status();
  return save_card_with(*st, card, seq);
}

}  // namespace kopilka::office
