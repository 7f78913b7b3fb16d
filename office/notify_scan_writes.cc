// The burn scan's writes (notify_scan_writes.h).
#include "office/notify_scan_writes.h"

#include <chrono>
#include <thread>

namespace kopilka::office {

core::Status write_scan_batches(Sql& sql, const ScanWrites& writes, core::Instant now,
                                const std::function<void()>& before_each) {
  std::size_t m = 0, l = 0;
  while (m < writes.messages.size() || l < writes.levels.size()) {
    if (before_each) before_each();
    core::Status s = sql.transaction([&]() -> core::Status {
      for (int n = 0; n < kScanWriteBatch; ++n) {
        if (m < writes.messages.size()) {
          if (auto queued = queue_message(sql, writes.messages[m++], now); !queued)
            return queued.status();
        } else if (l < writes.levels.size()) {
          const auto& [card, levels] = writes.levels[l++];
          auto r = sql.run(
              "INSERT INTO notify_levels (card, levels) VALUES ($1, $2) ON CONFLICT (card) DO "
              "UPDATE SET levels = excluded.levels",
              {card, levels});
          if (!r) return r.status();
        } else {
          break;
        }
      }
      return core::Status::ok();
    });
    if (!s) return s;
    // A push that found the lock taken retries every 50 µs (common/db_busy.h): leave it
    // that moment, or the next batch takes the lock first and the push waits on.
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return core::Status::ok();
}

RelaxedScanCommits::RelaxedScanCommits(Sql& sql) : sql_(sql) {
  if (!sql_.is_postgresql()) (void)sql_.run("PRAGMA synchronous=NORMAL", {});
}

void RelaxedScanCommits::checkpoint() {
  if (!sql_.is_postgresql()) (void)sql_.query("PRAGMA wal_checkpoint(PASSIVE)", {});
}

RelaxedScanCommits::~RelaxedScanCommits() {
  if (!sql_.is_postgresql()) (void)sql_.run("PRAGMA synchronous=FULL", {});
}

}  // namespace kopilka::office
