// The log checkpoints off the committing thread; see wal_checkpointer.h.
#include "common/wal_checkpointer.h"

#include <sys/resource.h>
#include <unistd.h>

namespace kopilka::common {

namespace {
constexpr int kFallbackFactor = 4;
// Below kopilkad's event loop: the checkpoint is the disk's background work.
constexpr int kNice = 5;
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
  if (pages_in_log >= log_pages_ * kFallbackFactor) {
    (void)writer_.checkpoint();
    return;
  }
  if (pages_in_log < log_pages_) return;
  {
    std::lock_guard lock(mutex_);
    due_ = true;
  }
  wake_.notify_one();
}

void WalCheckpointer::loop() {
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kNice);
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return quit_ || due_; });
      if (quit_) return;
      due_ = false;
    }
    // A checkpoint that finds a reader or writer in the way copies what it can; the next
    // full log asks again.
    (void)own_->checkpoint();
    ++checkpoints_;
  }
}

}  // namespace kopilka::common
