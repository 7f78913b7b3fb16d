// Opening the register store: the data directory, the integrity check, migrations and
// the register id; and its consistent backups. The rows themselves are read and written in
// card_store.cc, program_store.cc, receipt_store.cc and outbox.cc.
#include "register/store.h"
#include "common/file_sync.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "common/db_check.h"
#include "common/migrations.h"
#include "common/secrets.h"
#include "register/backup_files.h"

namespace kopilka::schema {
const std::vector<std::string>& register_migrations();
}

namespace kopilka::daemon {

namespace {

std::string damaged_message(const std::string& path) {
  return path +
         " is damaged (integrity check failed); run `kopilka doctor --restore-backup` to restore "
         "the last backup";
}

Status unusable(const std::string& path, const Status& why) {
  return Status::corrupt(path + " is not a usable database (" + why.message() +
                         "); run `kopilka doctor --restore-backup` to restore the last backup");
}

// PRAGMA quick_check on `db`: ok, kCorrupt naming the file and the recovery command, or
// the error that stopped the check (an interrupt at shutdown).
Status quick_check(Db& db, const std::string& path) {
  Status s = common::quick_check(db);
  if (s || s.code() != core::Code::kCorrupt) return s;
  return Status::corrupt(damaged_message(path));
}

// Sets (`now` given) or removes the backup mark (kBackupCopyKey) of the file at `path`,
// through a connection of its own: the store's WAL connection would leave a log beside a
// file that is renamed next.
Status write_backup_mark(const std::string& path, std::optional<core::Instant> now) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  sqlite3_stmt* st = nullptr;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db,
                            now ? "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) "
                                  "DO UPDATE SET value = ?2"
                                : "DELETE FROM meta WHERE key = ?1",
                            -1, &st, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(st, 1, kBackupCopyKey, -1, SQLITE_STATIC);
    if (now) sqlite3_bind_int64(st, 2, *now);
    rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
  }
  std::string failure = rc == SQLITE_OK ? "" : db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (!failure.empty())
    return Status::unavailable("cannot mark the backup " + path + ": " + failure);
  return Status::ok();
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& data_dir,
                                           std::function<void(const Status&)> on_checked) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Status::unavailable("cannot create " + data_dir + ": " + ec.message());
  std::filesystem::permissions(data_dir,
                               std::filesystem::perms::owner_all |
                                   std::filesystem::perms::group_read |
                                   std::filesystem::perms::group_exec,
                               ec);
  std::string path = data_dir + "/kopilka.db";
  // The database holds customers' names and phones: readable by the service's group at most.
  // A file made by a command run under a looser umask is brought back to that, and its -wal
  // and -shm, which SQLite creates with the database's mode, follow.
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::filesystem::path file = path + suffix;
    const auto status = std::filesystem::status(file, ec);
    if (ec || !std::filesystem::exists(status)) continue;
    const auto others = std::filesystem::perms::others_all | std::filesystem::perms::group_write;
    if ((status.permissions() & others) != std::filesystem::perms::none)
      std::filesystem::permissions(file, others, std::filesystem::perm_options::remove, ec);
  }
  if (common::is_emptied_file(path)) {
    return Status::corrupt(
        path +
        " is empty although it exists: its data is lost; run `kopilka doctor --restore-backup` "
        "to restore the last backup (delete the file only if this register "
        "has never sold anything)");
  }
  auto db = Db::open(path);
  bool alone = false;
  if (!db && db.status().code() == core::Code::kUnavailable) {
    // A full disk: the shared WAL index cannot grow, but the file can still be read by a
    // connection that keeps that index to itself. Cards and calculate are served; writes
    // answer 503 until space returns.
    if (auto exclusive = Db::open_exclusive(path)) {
      db = std::move(exclusive);
      alone = true;
    }
  }
  if (!db) {
    if (db.status().code() != core::Code::kCorrupt) return db.status();
    return unusable(path, db.status());
  }
  std::unique_ptr<Store> store(new Store(std::move(*db), path));
  store->opened_alone_ = alone;
  auto version = store->db_->query_int("PRAGMA user_version");
  if (!version) {
    return unusable(path, version.status());
  }
  // A migration rewrites the file, so it runs only on a file known to be whole.
  if (alone || *version < static_cast<std::int64_t>(schema::register_migrations().size())) {
    // Holding the file alone, no second connection can check it: it is checked here.
    if (Status s = quick_check(*store->db_, path); !s) return s;
    if (on_checked) on_checked(Status::ok());
  } else {
    auto checker = Db::open(path);
    if (!checker) return checker.status();
    store->check_in_background(std::move(*checker), std::move(on_checked));
  }
  if (Status s = common::migrate(*store->db_, schema::register_migrations(), "kopilkad"); !s)
    return s;
  // Without a connection for the checkpointer, SQLite's own checkpoints go on as before.
  if (!alone) {
    if (auto checkpointer = common::WalCheckpointer::start(*store->db_, path))
      store->checkpointer_ = std::move(*checkpointer);
  }

  auto get = store->db_->prepare("SELECT value FROM meta WHERE key = 'register_id'");
  if (!get) return get.status();
  auto found = get->step();
  if (!found) return found.status();
  if (*found) {
    store->register_id_ = get->text(0);
    get->reset();
  } else {
    get->reset();
    store->register_id_ = "r-" + common::random_hex(4);
    auto put = store->db_->prepare("INSERT INTO meta(key, value) VALUES ('register_id', ?1)");
    if (!put) return put.status();
    if (Status s = put->bind(1, store->register_id_).run(); !s) return s;
  }
  auto moved = store->leave_backup_numbering();
  if (!moved) return moved.status();
  if (*moved)
    spdlog::warn(
        "{} is a backup copy put in place: the journal's numbering moves {} past it, so that "
        "receipts made after the backup never share an id with those head office holds",
        path, kBackupNumberGap);
  return store;
}

Status Store::forget_backup_mark(const std::string& path) {
  return write_backup_mark(path, std::nullopt);
}

Result<std::unique_ptr<Store>> Store::open_second(const Store& first) {
  if (first.opened_alone_)
    return Status::unavailable(first.path_ + " is held by one connection (the disk was full)");
  auto db = Db::open(first.path_);
  if (!db) return db.status();
  std::unique_ptr<Store> second(new Store(std::move(*db), first.path_));
  second->register_id_ = first.register_id_;
  // A copy of the verdict for this thread: a shared_future is not shared between threads.
  second->verdict_ = first.verdict_;
  Store* gated = second.get();
  second->db_->set_write_gate([gated] { return gated->integrity(); });
  // Only pulled slices are written here (daemon/syncer.h): a power cut may take the last of
  // them back, whole and with their cursor, and they are pulled again; the first connection's
  // next commit flushes the log and them with it. Waiting for the disk on each of a first
  // sync's 2 000 slices cost about a tenth of it.
  if (Status s = second->db_->exec("PRAGMA synchronous=NORMAL"); !s) return s;
  return second;
}

void Store::check_in_background(std::unique_ptr<Db> checker,
                                std::function<void(const Status&)> on_checked) {
  auto promise = std::make_shared<std::promise<Status>>();
  verdict_ = promise->get_future().share();
  checker_db_ = std::move(checker);
  db_->set_write_gate([this] { return integrity(); });
  checker_ = std::thread([this, promise, on_checked = std::move(on_checked)] {
    Status verdict = quick_check(*checker_db_, path_);
    promise->set_value(verdict);
    if (on_checked && !closing_) on_checked(verdict);
  });
}

Status Store::integrity() {
  return verdict_.valid() ? verdict_.get() : Status::ok();
}

const char* Store::integrity_state() const {
  if (!verdict_.valid()) return "ok";
  if (verdict_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return "checking";
  return verdict_.get().is_ok() ? "ok" : "damaged";
}

Store::~Store() {
  closing_ = true;
  if (checker_.joinable()) {
    checker_db_->interrupt();
    checker_.join();
  }
}

Result<std::int64_t> Store::card_count() {
  return db_->query_int("SELECT count(*) FROM cards");
}

// VACUUM INTO writes its copy in place and unsynced: a kill or power cut during it leaves a
// partial file (and a hot journal) that would look like the newest backup, be chosen by
// `kopilka doctor`, and push a good copy out of the seven kept. So the copy is made under a
// name that is not a backup's, synced, and only then renamed into place.
Result<std::string> Store::backup(const std::string& dir, core::Instant now, int keep) {
  namespace fs = std::filesystem;
  if (Status s = integrity(); !s) return s;  // a copy of a damaged file is no backup
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::unavailable("cannot create " + dir + ": " + ec.message());
  for (const auto& e : fs::directory_iterator(dir, ec))  // left by an interrupted backup
    if (e.path().filename().string().rfind(".partial-", 0) == 0) fs::remove(e.path(), ec);
  std::string name = next_backup_name(dir, now);
  std::string target = dir + "/" + name;
  std::string partial = dir + "/.partial-" + name;
  auto st = db_->prepare("VACUUM INTO ?1");
  if (!st) return st.status();
  if (Status s = st->bind(1, partial).run(); !s) {
    fs::remove(partial, ec);
    return s;
  }
  if (Status s = write_backup_mark(partial, now); !s) {
    fs::remove(partial, ec);
    return s;
  }
  if (Status s = common::publish_file(partial, target); !s) {
    fs::remove(partial, ec);
    return s;
  }
  std::vector<BackupFile> copies = list_backups(dir);  // oldest first, as they were made
  for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < copies.size(); ++i)
    fs::remove(copies[i].path, ec);
  return target;
}

}  // namespace kopilka::daemon
