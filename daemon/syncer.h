// When the register syncs with head office (docs/sync.md): right after start, every
// sync_interval while online, with exponential backoff and jitter (1 s doubling up to
// sync_interval) while not, and on demand (shift close, `kopilka sync now`). Network calls
// run on one worker thread; every store step and every answer runs on the event loop, so a
// receipt never waits for the network and the store stays single-threaded.
#pragma once

#include <asio/steady_timer.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "register/credential.h"
#include "register/office_client.h"
#include "register/sync_run.h"

namespace kopilka::daemon {

struct App;

class Syncer {
 public:
  using Done = std::function<void(const SyncSummary&)>;

  explicit Syncer(App& app);
  ~Syncer();
  Syncer(const Syncer&) = delete;
  Syncer& operator=(const Syncer&) = delete;

  void start();  // the first sync a second after start, if enrolled
  void stop();   // cancels the timer and any call in flight; joins the worker

  // Starts a sync (after the one running, if any, so it covers everything journalled so
  // far) and calls `done` on the event loop when it is over. Not enrolled: `done` at once
  // with result "offline" and the reason.
  void sync_now(Done done);

  bool enrolled() const;
  // "online", "offline" or "never" (not enrolled, or no sync since start and none before).
  std::string office_state() const;
  // For GET /v1/admin/sync and `kopilka sync status`.
  core::Json status_json() const;
  std::optional<std::string> last_sync() const { return last_sync_; }

 private:
  void refresh_link();
  void begin_run();
  void step();
  void finish_run();
  void schedule(std::chrono::milliseconds after);
  void post_to_worker(std::function<void()> job);
  void worker_loop();

  App& app_;
  OfficeEndpoint endpoint_;
  std::int64_t interval_s_ = 300;
  asio::steady_timer timer_;
  std::unique_ptr<SyncRun> run_;
  std::uint64_t run_id_ = 0;        // answers and slices of an earlier run are ignored
  bool applying_ = false;           // a slice of pulled changes is posted to the loop
  std::vector<Done> waiting_;       // callers of the run in progress
  std::vector<Done> waiting_next_;  // callers who asked while a run was in progress
  bool next_requested_ = false;
  std::string state_ = "never";
  std::optional<std::string> last_sync_;
  std::optional<SyncSummary> last_result_;
  std::chrono::milliseconds backoff_{0};
  std::mt19937_64 random_;
  bool stopped_ = false;

  std::atomic<bool> cancel_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool worker_quit_ = false;
  std::thread worker_;
};

}  // namespace kopilka::daemon
