// SQLite wrapper; see db.h.
#include "common/db.h"

#include "common/db_busy.h"

#include <sqlite3.h>

#include <filesystem>

namespace kopilka::common {

namespace {
Status status_of(sqlite3* db, int rc, const std::string& what) {
  int primary = rc & 0xff;
  std::string message = what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_BUSY ||
      primary == SQLITE_LOCKED || primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN)
    return Status::unavailable(message);
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Status::corrupt(message);
  if (primary == SQLITE_CONSTRAINT) return Status::conflict(message);
  return Status::internal(message);
}

}  // namespace

Stmt::~Stmt() {
  if (stmt_) sqlite3_reset(stmt_);
}

Stmt& Stmt::operator=(Stmt&& other) noexcept {
  if (this != &other) {
    if (stmt_) sqlite3_reset(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Stmt& Stmt::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Stmt& Stmt::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind_borrowed(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}
Stmt& Stmt::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
Stmt& Stmt::bind_optional(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Result<bool> Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  Status s = status_of(db, rc, "database");
  sqlite3_reset(stmt_);
  return s;
}

Status Stmt::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.status();
    if (!*r) break;
  }
  reset();
  return Status::ok();
}

void Stmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Stmt::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}
std::string Stmt::text(int column) const {
  auto p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}
int Stmt::columns() const {
  return sqlite3_column_count(stmt_);
}

bool Stmt::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

bool is_emptied_file(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return !ec && size == 0;
}

Result<std::unique_ptr<Db>> Db::open(const std::string& path) {
  return open_with(path, false);
}

Result<std::unique_ptr<Db>> Db::open_exclusive(const std::string& path) {
  return open_with(path, true);
}

Result<std::unique_ptr<Db>> Db::open_with(const std::string& path, bool exclusive) {
  // SQLite's statement journals keep their default spill to a temporary file at 64 KiB.
  // Raised (SQLITE_CONFIG_STMTJRNL_SPILL, once 4 MiB here to save those files' writes),
  // Debian 12's SQLite 3.40.1 fails a DROP TABLE of a few hundred pages inside a
  // transaction with "database or disk is full": every migration that rebuilds a big
  // table (tests/unit/common/migrations_test.cc).
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status s = status_of(raw, rc, "cannot open " + path);
    sqlite3_close(raw);
    return s;
  }
  std::unique_ptr<Db> db(new Db(raw));
  wait_briefly_when_busy(raw);
  // Before the first access to the WAL, or SQLite creates the shared index after all.
  if (exclusive) {
    if (Status s = db->exec("PRAGMA locking_mode=EXCLUSIVE"); !s) return s;
  }
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (Status s = db->exec(pragma); !s) return s;
  }
  return db;
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status Db::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return status_of(db_, rc, "database");
  return Status::ok();
}

Status Db::begin_immediate() {
  if (write_gate_) {
    if (Status s = write_gate_(); !s) return s;
  }
  return exec("BEGIN IMMEDIATE");
}

void Db::interrupt() {
  sqlite3_interrupt(db_);
}

Result<Stmt> Db::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return Stmt(it->second);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return status_of(db_, rc, "database");
  cache_.emplace(sql, stmt);
  return Stmt(stmt);
}

Result<std::int64_t> Db::query_int(const std::string& sql) {
  auto st = prepare(sql);
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return Status::internal("no row from: " + sql);
  std::int64_t n = st->int64(0);
  st->reset();
  return n;
}

std::int64_t Db::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}
int Db::changes() const {
  return sqlite3_changes(db_);
}

void Db::rollback() {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool Db::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

void Db::after_commit(std::function<void(int pages_in_log)> hook) {
  after_commit_ = std::move(hook);
  if (!after_commit_) {
    sqlite3_wal_autocheckpoint(db_, 1000);  // SQLite's default; this replaces the hook
    return;
  }
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int pages) {
        static_cast<Db*>(self)->after_commit_(pages);
        return SQLITE_OK;
      },
      this);
}

Status Db::checkpoint() {
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc != SQLITE_OK) return status_of(db_, rc, "checkpoint");
  return Status::ok();
}

Status Db::error(const std::string& what) const {
  return status_of(db_, sqlite3_errcode(db_), what);
}

}  // namespace kopilka::common
