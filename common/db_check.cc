// Integrity check and online backup; see db_check.h.
#include "common/db_check.h"

#include "common/db_busy.h"

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <thread>

namespace kopilka::common {

namespace {

using Connection = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

Status failed(sqlite3* db, const std::string& what) {
  int primary = sqlite3_errcode(db) & 0xff;
  std::string message = what + ": " + sqlite3_errmsg(db);
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Status::corrupt(message);
  return Status::unavailable(message);
}

Result<Connection> open_file(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Connection db(raw, &sqlite3_close);
  if (rc != SQLITE_OK) return failed(raw, "cannot open " + path);
  wait_briefly_when_busy(raw);
  return db;
}

// The first line of PRAGMA quick_check: "ok" for a whole file.
Status check_connection(sqlite3* db, const std::string& path) {
  std::string verdict;
  auto first_row = [](void* out, int, char** values, char**) {
    auto* text = static_cast<std::string*>(out);
    if (text->empty() && values[0] != nullptr) *text = values[0];
    return 0;
  };
  if (sqlite3_exec(db, "PRAGMA quick_check", first_row, &verdict, nullptr) != SQLITE_OK)
    return failed(db, path);
  if (verdict != "ok") return Status::corrupt(path + ": integrity check failed: " + verdict);
  return Status::ok();
}

}  // namespace

Status quick_check(Db& db) {
  auto check = db.prepare("PRAGMA quick_check");
  // A file SQLite cannot even read a schema from is as damaged as one that fails the check.
  if (!check) return Status::corrupt(check.status().message());
  auto row = check->step();
  if (!row && row.status().code() != core::Code::kCorrupt) return row.status();
  bool ok = row && *row && check->text(0) == "ok";
  std::string verdict = row && *row ? check->text(0) : row ? "" : row.status().message();
  check->reset();
  return ok ? Status::ok() : Status::corrupt("integrity check failed: " + verdict);
}

Status backup_database(const std::string& from, const std::string& to) {
  // Read-write without create: a WAL database is readable only with its -shm index, which a
  // read-only connection may be unable to make; a missing file must not become a new one.
  auto source = open_file(from, SQLITE_OPEN_READWRITE);
  if (!source) return source.status();
  auto target = open_file(to, SQLITE_OPEN_READWRITE);
  if (!target) return target.status();
  sqlite3_backup* copy = sqlite3_backup_init(target->get(), "main", source->get(), "main");
  if (copy == nullptr) return failed(target->get(), "cannot back up " + from);
  // All pages in one step: one read transaction, so one consistent snapshot. A step may
  // find the source busy for a moment (a checkpoint); it is tried again for up to 30 s.
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 300; ++attempt) {
    rc = sqlite3_backup_step(copy, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  sqlite3_backup_finish(copy);
  if (rc != SQLITE_DONE) {
    if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
      return Status::corrupt(from + " cannot be copied: " + sqlite3_errstr(rc));
    return Status::unavailable("backup of " + from + " failed: " + sqlite3_errstr(rc));
  }
  // One file to keep, copy and restore: no -wal beside it.
  if (sqlite3_exec(target->get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return failed(target->get(), to);
  return check_connection(target->get(), to);
}

}  // namespace kopilka::common
