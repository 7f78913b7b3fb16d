// A thin SQLite wrapper for the register's and head office's stores: one connection,
// prepared statements cached by SQL text, and errors as core::Status values (SQLITE_FULL and I/O
// errors become kUnavailable so callers can answer 503 and retry later).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kopilka::common {

using core::Result;
using core::Status;

// One prepared statement. Bind by 1-based index; step() returns true while a row is ready.
// Reset when dropped: a statement left stepped keeps its connection's read snapshot open,
// and that connection would go on seeing the file as it was, blind to what another
// connection commits (the register applies pulled pages on one of its own).
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Stmt();
  Stmt(Stmt&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Stmt& operator=(Stmt&& other) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& bind(int index, std::int64_t value);
  Stmt& bind(int index, std::string_view text);
  // Binds `text` without a copy: it must outlive every step of this binding, up to the
  // reset that clears it. For statements run with thousands of texts (head office's
  // batches), where the copies were a tenth of the work.
  Stmt& bind_borrowed(int index, std::string_view text);
  Stmt& bind_null(int index);
  Stmt& bind_optional(int index, const std::optional<std::string>& text);
  Result<bool> step();
  Status run();  // steps to completion, then resets
  void reset();

  std::int64_t int64(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;
  int columns() const;

 private:
  sqlite3_stmt* stmt_;
};

class Db {
 public:
  // Opens (creating if needed) a database file with WAL, synchronous=FULL, foreign keys
  // and a busy timeout, so a second process (the CLI) can write while the server runs.
  static Result<std::unique_ptr<Db>> open(const std::string& path);
  // The same for a process that must start when the disk is full: SQLite's shared index of
  // the WAL (the -shm file) cannot grow then, so this connection keeps that index in its
  // own memory (locking_mode=EXCLUSIVE) and holds the file alone until it closes. Reads
  // work; writes fail with kUnavailable until space returns.
  static Result<std::unique_ptr<Db>> open_exclusive(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Status exec(const std::string& sql);
  // A cached statement, reset and with bindings cleared. Valid until the next call with
  // the same SQL text (statements are not re-entrant).
  Result<Stmt> prepare(const std::string& sql);
  // The first column of the first row of a query without parameters, as an integer
  // (counts, maxima); a query that yields no row is an internal error.
  Result<std::int64_t> query_int(const std::string& sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;

  // Every write transaction begins here, after `gate` (when set) allows it: the register
  // holds writes until its start-up integrity check has passed (register/store.cc).
  Status begin_immediate();
  void set_write_gate(std::function<Status()> gate) { write_gate_ = std::move(gate); }
  // Makes the statement running on this connection stop with an error; safe from any thread.
  void interrupt();
  Status commit() { return exec("COMMIT"); }
  void rollback();
  // True inside BEGIN … COMMIT on this connection.
  bool in_transaction() const;

  // Calls `hook` after each commit with the pages now in the write-ahead log, in place of
  // SQLite's automatic checkpoint (common/wal_checkpointer.h); nullptr restores that.
  void after_commit(std::function<void(int pages_in_log)> hook);
  // A passive checkpoint: copies what it can of the log into the file without waiting for
  // readers or writers.
  Status checkpoint();

  Status error(const std::string& what) const;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  static Result<std::unique_ptr<Db>> open_with(const std::string& path, bool exclusive);
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::function<Status()> write_gate_;
  std::function<void(int)> after_commit_;
};

// Runs `body` inside BEGIN IMMEDIATE … COMMIT, rolling back on any error. Inside a
// transaction already, `body` runs in a savepoint of it: its failure undoes its own writes
// only, and its success commits with the outer transaction.
template <typename F>
Status in_transaction(Db& db, F&& body) {
  if (db.in_transaction()) {
    if (Status s = db.exec("SAVEPOINT nested"); !s) return s;
    Status s = body();
    if (!s) (void)db.exec("ROLLBACK TO nested");
    Status released = db.exec("RELEASE nested");
    return s ? released : s;
  }
  if (Status s = db.begin_immediate(); !s) return s;
  Status s = body();
  if (!s) {
    db.rollback();
    return s;
  }
  s = db.commit();
  if (!s) db.rollback();
  return s;
}

// True when `path` exists and holds no bytes. A store that was never opened has no file,
// so an empty one was cut short (a failed copy or restore, a file system that lost it in a
// power cut); opening it would silently start over with no cards, points or journal.
bool is_emptied_file(const std::string& path);

}  // namespace kopilka::common
