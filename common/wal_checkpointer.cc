// The log checkpoints off the committing thread; see wal_checkpointer.h.
#include "common/wal_checkpointer.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace kopilka::common {

namespace {
constexpr int kFallbackFactor = 4;
// Below kopilkad's event loop: the checkpoint is the disk's background work.
constexpr int kNice = 5;
// How long the writer stays quiet before the thread copies what followed its last
// checkpoint: between a till's receipts, far below the seconds a sale takes.
constexpr auto kQuiet = std::chrono::milliseconds(100);
}  // namespace

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::start(Db& writer, const std::string& path,
                                                                int log_pages) {
  auto own = Db::open(path);
  if (!own) return own.status();
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(writer, std::move(*own), log_pages));
}

WalCheckpointer::WalCheckpointer(Db& writer, std::unique_ptr<Db> own, int log_pages)
    : writer_(writer), own_(std::move(own)), log_pages_(log_pages) {
  thread_ = std::thread([this] { loop(); });
  writer_.after_commit([this](int pages_in_log) { committed(pages_in_log); });
}

WalCheckpointer::~WalCheckpointer() {
  writer_.after_commit(nullptr);
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  own_->interrupt();
  wake_.notify_one();
  thread_.join();
}

void WalCheckpointer::committed(int pages_in_log) {
  last_commit_ = Clock::now().time_since_epoch().count();
  if (pages_in_log >= log_pages_ * kFallbackFactor) {
    (void)writer_.checkpoint();
    asked_at_ = 0;
    return;
  }
  if (pages_in_log < asked_at_) asked_at_ = 0;  // the log started over
  // Not after every commit past `log_pages_`: with receipts back to back the log may not
  // start over for a while, and a checkpoint per commit copied each receipt's pages to the
  // file alone (an index's upper pages again every time), with two fsyncs beside each
  // receipt's own. Not once per `log_pages_` either: a checkpoint of 250 pages beside a
  // confirm held it 2-3 ms. Once a checkpoint is under way, a quarter of that each time
  // (docs/benchmarks.md, "the log checkpointed once per 62 pages").
  const int due_at = asked_at_ ? asked_at_ + std::max(1, log_pages_ / 4) : log_pages_;
  if (pages_in_log < due_at) return;
  asked_at_ = pages_in_log;
  {
    std::lock_guard lock(mutex_);
    due_ = true;
  }
  wake_.notify_one();
}

void WalCheckpointer::loop() {
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kNice);
  // After a checkpoint asked for, commits may have followed it, which no ask may come to
  // copy: once the writer has been quiet for kQuiet they are copied too, so that the next
  // transaction starts the log over.
  bool tail = false;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      const auto asked = [this] { return quit_ || due_; };
      if (!tail) {
        wake_.wait(lock, asked);
      } else {
        while (!asked()) {
          const auto quiet_from = Clock::time_point(Clock::duration(last_commit_.load()));
          if (Clock::now() - quiet_from >= kQuiet) break;
          wake_.wait_until(lock, quiet_from + kQuiet, asked);
        }
        tail = false;
      }
      if (quit_) return;
      if (due_) tail = true;
      due_ = false;
    }
    // A checkpoint that finds a reader or writer in the way copies what it can; the next
    // ask, or the quiet after it, tries again. One that finds nothing to copy writes nothing.
    (void)own_->checkpoint();
    ++checkpoints_;
  }
}

}  // namespace kopilka::common
