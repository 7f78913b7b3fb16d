// How the nightly burn scan writes what it found (docs/benchmarks.md "Notifications"): in
// short transactions, with a breath between them, so a register's push (on SQLite, the one
// writer after the scan) never waits behind more than a few inserts.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "office/outbox.h"
#include "office/sql.h"

namespace kopilka::office {

// Rows (queued messages, then card levels) per write transaction of the scan.
inline constexpr int kScanWriteBatch = 5;

struct ScanWrites {
  std::vector<QueuedMessage> messages;
  std::vector<std::pair<std::string, std::string>> levels;  // card, levels JSON
};

// Queues the messages and records the levels, kScanWriteBatch rows a transaction;
// `before_each` runs before each transaction (the scan's pause for pushes).
core::Status write_scan_batches(Sql& sql, const ScanWrites& writes, core::Instant now,
                                const std::function<void()>& before_each = {});

// For the length of a scan, SQLite commits on the worker's connection without waiting for
// the disk (synchronous=NORMAL): a commit then holds the write lock for a moment, not an
// fsync. Nothing is at risk: every queued message has its dedupe key and a scan that is cut
// short is done again from the saved cursor, which is written after this is undone (a FULL
// commit syncs the whole log, the scan's commits with it). No effect on PostgreSQL.
class RelaxedScanCommits {
 public:
  explicit RelaxedScanCommits(Sql& sql);
  ~RelaxedScanCommits();
  RelaxedScanCommits(const RelaxedScanCommits&) = delete;
  RelaxedScanCommits& operator=(const RelaxedScanCommits&) = delete;
  // Copies the log back into the database now, from the scan's thread: otherwise the
  // commit that finds the log past SQLite's 1 000 pages does it, and that is as often a
  // register's push as the scan.
  void checkpoint();

 private:
  Sql& sql_;
};

}  // namespace kopilka::office
