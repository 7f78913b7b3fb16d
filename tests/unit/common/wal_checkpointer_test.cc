// The log checkpointed off the committing thread (common/wal_checkpointer.h), on a real
// file: the log is copied back by the thread and stops growing, and the writer gets
// SQLite's own automatic checkpoints back when the checkpointer stops.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "common/wal_checkpointer.h"
#include "test_support/temp_dir.h"

using kopilka::common::Db;
using kopilka::common::WalCheckpointer;
using kopilka::test::TempDir;

namespace {

// Commits `n` transactions of a row with a page-sized value each.
void write_rows(Db& db, int n) {
  for (int i = 0; i < n; ++i) {
    auto st = db.prepare("INSERT INTO t (v) VALUES (?1)");
    REQUIRE(st);
    REQUIRE(st->bind(1, std::string(3000, 'x')).run());
  }
}

// A new database at `path` with the table write_rows fills.
std::unique_ptr<Db> table_at(const std::string& path) {
  auto db = Db::open(path);
  REQUIRE(db);
  REQUIRE((*db)->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
  return std::move(*db);
}

std::uintmax_t wal_bytes(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path + "-wal", ec);
  return ec ? 0 : size;
}

}  // namespace

TEST_CASE("the checkpointer's thread copies the log back and keeps it from growing") {
  TempDir dir("kopilka-wal");
  const std::string path = dir.sub("wal.db");
  auto db = table_at(path);
  constexpr int kPages = 50;
  auto checkpointer = WalCheckpointer::start(*db, path, kPages);
  REQUIRE(checkpointer);

  // Ten bursts of 30 commits (about 90 log pages each, past the 50 that call the thread),
  // with a pause after each as a till has between receipts. The log restarts from its
  // beginning when a transaction begins on a log fully copied back, so it stays about a
  // burst long; without the thread it would reach the 200 pages at which the writer
  // checkpoints itself.
  for (int burst = 0; burst < 10; ++burst) {
    std::int64_t before = (*checkpointer)->checkpoints();
    write_rows(*db, 30);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((*checkpointer)->checkpoints() == before && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE((*checkpointer)->checkpoints() > before);
    // Until the thread has nothing more to do: it copies the burst's last pages once the
    // writer has been quiet for 100 ms.
    for (std::int64_t seen = -1; seen != (*checkpointer)->checkpoints();) {
      seen = (*checkpointer)->checkpoints();
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  }
  CHECK(wal_bytes(path) < 150 * 4120);
  checkpointer->reset();

  auto rows = db->query_int("SELECT count(*) FROM t");
  REQUIRE(rows);
  CHECK(*rows == 300);
}

TEST_CASE(
    "the checkpointer's thread is asked once per quarter log_pages of new log, not per commit") {
  TempDir dir("kopilka-wal-once");
  const std::string path = dir.sub("wal.db");
  auto db = table_at(path);
  write_rows(*db, 1);
  // A reader holding its snapshot keeps the log from starting over and its pages from being
  // copied back, as a long read beside back-to-back receipts does: every commit past the
  // threshold then finds the log full. Asking the thread after each of them copied each
  // receipt's pages to the file one by one, with two fsyncs beside every receipt's own.
  auto reader = Db::open(path);
  REQUIRE(reader);
  REQUIRE((*reader)->exec("BEGIN"));
  REQUIRE((*reader)->query_int("SELECT count(*) FROM t"));
  constexpr int kPages = 50;
  auto checkpointer = WalCheckpointer::start(*db, path, kPages);
  REQUIRE(checkpointer);
  // 50 commits of a page-sized row: about 150 log pages (three a commit), below the 200 at
  // which the writer checkpoints itself. The thread is due at 50 of them, then at every 12
  // more, and once more when the writes stop.
  write_rows(*db, 50);
  for (std::int64_t seen = -1; seen != (*checkpointer)->checkpoints();) {
    seen = (*checkpointer)->checkpoints();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  const auto log_pages = static_cast<std::int64_t>(wal_bytes(path) / 4120);
  REQUIRE(log_pages < 4 * kPages);
  CHECK((*checkpointer)->checkpoints() >= 1);
  CHECK((*checkpointer)->checkpoints() <= 2 + (log_pages - kPages) / (kPages / 4));
  REQUIRE((*reader)->exec("COMMIT"));
}

TEST_CASE("stopped, the checkpointer gives the writer SQLite's own checkpoints back") {
  TempDir dir("kopilka-wal-back");
  const std::string path = dir.sub("wal.db");
  auto db = table_at(path);
  { auto checkpointer = WalCheckpointer::start(*db, path, 50); }
  // 3 000 pages of commits: SQLite's automatic checkpoint at 1 000 pages keeps the log
  // near that size.
  write_rows(*db, 3000);
  CHECK(wal_bytes(path) < 1100 * 4200);
}
