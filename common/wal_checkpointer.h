// Copies a database's write-ahead log back into the file on a thread of its own. SQLite
// does this inside the commit that fills the log to 1 000 pages, so one commit in every few
// dozen waited for a thousand page writes and two fsyncs of the database file: a
// confirm's p99 of 13-17 ms on a register whose median is under 2 ms.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/db.h"

namespace kopilka::common {

class WalCheckpointer {
 public:
  // A quarter of SQLite's own 1 000: on the 1 000 000-card register a confirm's p99 was
  // 7.0-8.5 ms at 1 000, 5.2-6.3 ms at 250 and 4.6-5.4 ms at 100. Not lower: a page changed
  // by many receipts (an index's upper pages) is written to the file once a checkpoint,
  // and a till's flash wears by what is written.
  static constexpr int kLogPages = 250;

  // Opens a connection of its own to `path` and takes over `writer`'s checkpoints: after a
  // commit leaves `log_pages` or more in the log, a passive checkpoint runs on the thread,
  // beside the writer's next transactions, and again at every quarter of `log_pages` more
  // (not after every commit: a page many receipts change is then copied once for several)
  // and once the writer has paused. The log starts over from its beginning only when a
  // transaction begins on a log copied back whole, a moment that steady writes (receipts
  // back to back, the shift-close storm) may never leave the thread. So at four times
  // `log_pages` (SQLite's own 1 000 by default) the committing connection checkpoints
  // itself as SQLite would, copying what the thread has not, and the log starts over.
  // Must not outlive `writer`.
  static Result<std::unique_ptr<WalCheckpointer>> start(Db& writer, const std::string& path,
                                                        int log_pages = kLogPages);
  // Gives `writer` its automatic checkpoints back and stops the thread.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Checkpoints run on the thread so far.
  std::int64_t checkpoints() const { return checkpoints_; }

 private:
  WalCheckpointer(Db& writer, std::unique_ptr<Db> own, int log_pages);
  void committed(int pages_in_log);  // on the writer's thread
  void loop();

  Db& writer_;
  std::unique_ptr<Db> own_;
  int log_pages_;
  int asked_at_ = 0;  // the log's size when the thread was last asked; the writer's thread's
  using Clock = std::chrono::steady_clock;
  std::atomic<Clock::rep> last_commit_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool quit_ = false;
  std::atomic<std::int64_t> checkpoints_{0};
  std::thread thread_;
};

}  // namespace kopilka::common
