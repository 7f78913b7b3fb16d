// When the register syncs with head office (docs/sync.md): right after start, every
// sync_interval while online, with exponential backoff and jitter (1 s doubling up to
// sync_interval) while not, and on demand (shift close, `kopilka sync now`). Network calls
// run on one worker thread; pulled pages are applied on another, through a second
// connection to the register's file, so a receipt never waits for the network and the
// event loop never holds a slice of a first sync; the run itself and every answer are
// handled on the event loop.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "common/clock.h"
#include "common/job_thread.h"
#include "register/credential.h"
#include "register/office_caller.h"
#include "register/office_client.h"
#include "register/sync_run.h"

namespace kopilka::daemon {

struct App;

class Syncer {
 public:
  using Done = std::function<void(const SyncSummary&)>;
  // A whole number drawn uniformly from [lo, hi]: the jitter of a backoff wait.
  using Jitter = std::function<std::int64_t(std::int64_t lo, std::int64_t hi)>;

  // Head office over libcurl, waits on the loop's steady clock, jitter from a seeded
  // random engine.
  explicit Syncer(App& app);
  // The same with head office reached through `office`, waits timed by `clock` and jitter
  // drawn by `jitter`: the seams unit tests use. `office` and `clock` must outlive the
  // syncer; `office` is called from the worker thread.
  Syncer(App& app, OfficeCaller& office, common::Clock& clock, Jitter jitter);
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
  // "online", "offline", "never" (not enrolled, or no sync since start and none before) or
  // "refused" (head office answered 401 to this credential: the register was revoked).
  std::string office_state() const;
  // For GET /v1/admin/sync and `kopilka sync status`.
  core::Json status_json() const;
  std::optional<std::string> last_sync() const { return last_sync_; }

 private:
  Syncer(App& app, OfficeCaller* office, common::Clock* clock, Jitter jitter);
  void refresh_link();
  void begin_run();
  void step();
  void finish_run();
  void schedule(std::chrono::milliseconds after);
  void apply_next_slice();
  // The connection pulled pages are applied through, opened at the first; null when it
  // cannot be (the file held alone): slices are then applied on the loop.
  Store* apply_store();

  App& app_;
  std::unique_ptr<OfficeCaller> own_office_;  // the real ones, when Syncer(App&) made them
  std::unique_ptr<common::Clock> own_clock_;
  OfficeCaller& office_;
  common::Clock& clock_;
  Jitter jitter_;
  OfficeEndpoint endpoint_;
  std::int64_t interval_s_ = 300;
  std::unique_ptr<common::Timer> timer_;
  std::unique_ptr<SyncRun> run_;
  std::uint64_t run_id_ = 0;        // answers and slices of an earlier run are ignored
  bool applying_ = false;           // a slice of pulled changes is being applied
  std::vector<Done> waiting_;       // callers of the run in progress
  std::vector<Done> waiting_next_;  // callers who asked while a run was in progress
  bool next_requested_ = false;
  std::string state_ = "never";
  std::optional<std::string> last_sync_;
  std::optional<SyncSummary> last_result_;
  std::chrono::milliseconds backoff_{0};
  bool stopped_ = false;

  std::atomic<bool> cancel_{false};
  std::unique_ptr<Store> apply_store_;
  bool apply_store_tried_ = false;
  // Declared last: stopped and joined first, before what their jobs use is destroyed.
  // Both below the event loop's priority: a first sync of a million cards keeps a core
  // busy, and the cashier's calculations come first.
  common::JobThread worker_{10};   // calls to head office
  common::JobThread applier_{10};  // slices of pulled pages, on apply_store_
};

}  // namespace kopilka::daemon
