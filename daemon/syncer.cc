// The sync schedule and its worker thread. A run alternates: the loop asks the run for
// its next call, the worker makes it, the loop applies the answer. Backoff: 1 s, 2 s, 4 s…
// up to sync_interval, each wait drawn uniformly from its upper half so that registers
// that lost head office together do not come back in step.
#include "daemon/syncer.h"

#include <spdlog/spdlog.h>

#include <asio/post.hpp>

#include <filesystem>
#include <random>
#include <sstream>

#include "common/config_util.h"
#include "common/loop_clock.h"
#include "common/memory_release.h"
#include "daemon/app.h"

namespace kopilka::daemon {

namespace {
Syncer::Jitter random_jitter() {
  return
      [random = std::mt19937_64(std::random_device{}())](std::int64_t lo, std::int64_t hi) mutable {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(random);
      };
}
}  // namespace

Syncer::Syncer(App& app) : Syncer(app, nullptr, nullptr, random_jitter()) {}

Syncer::Syncer(App& app, OfficeCaller& office, common::Clock& clock, Jitter jitter)
    : Syncer(app, &office, &clock, std::move(jitter)) {}

Syncer::Syncer(App& app, OfficeCaller* office, common::Clock* clock, Jitter jitter)
    : app_(app),
      own_office_(office ? nullptr : std::make_unique<CurlOfficeCaller>()),
      own_clock_(clock ? nullptr : std::make_unique<common::LoopClock>(app.io)),
      office_(office ? *office : *own_office_),
      clock_(clock ? *clock : *own_clock_),
      jitter_(std::move(jitter)),
      timer_(clock_.make_timer()) {
  auto last = app_.store->meta("last_sync");
  if (last && !last->empty()) last_sync_ = *last;
}

namespace {
constexpr const char* kStoppingError =
    "kopilkad is stopping; the sync goes on when it starts again";
}  // namespace

Syncer::~Syncer() {
  stop();
}

void Syncer::stop() {
  stopped_ = true;
  timer_->cancel();
  cancel_ = true;
  worker_.stop();
  applier_.stop();
  // A run cut short still answers whoever waits for it (a shift close, `kopilka sync now`):
  // the server finishes its requests in flight before the daemon exits, and would wait for
  // these for ever. What was pushed and acknowledged stays so; the rest goes next time.
  if (waiting_.empty() && waiting_next_.empty()) return;
  SyncSummary s = run_ ? run_->summary() : SyncSummary{};
  run_.reset();
  s.result = "offline";
  s.error = kStoppingError;
  auto pending = app_.store->pending_entries();
  s.pending = pending ? *pending : s.pending;
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& d : waiting_next_) waiting.push_back(std::move(d));
  waiting_next_.clear();
  for (auto& d : waiting) d(s);
}

Store* Syncer::apply_store() {
  if (!apply_store_tried_) {
    apply_store_tried_ = true;
    auto second = Store::open_second(*app_.store);
    if (second)
      apply_store_ = std::move(*second);
    else
      spdlog::warn("sync: pulled changes are applied on the event loop: {}",
                   second.status().message());
  }
  return apply_store_.get();
}

// The office link is read afresh before each run: `kopilka enroll` writes the url into
// the config file and the credential into the data dir while the daemon runs, and the
// daemon (under systemd, with a read-only /etc) never writes either.
void Syncer::refresh_link() {
  std::optional<OfficeLink> link = app_.config.office;
  if (!app_.config.path.empty()) {
    auto fresh = load_daemon_config(app_.config.path);
    if (fresh) link = fresh->office;
  }
  endpoint_ = OfficeEndpoint{};
  if (!link) return;
  auto credential = read_credential(app_.config.data_dir);
  endpoint_ = office_endpoint(*link, credential ? *credential : std::string());
  interval_s_ = link->sync_interval_s;
}

bool Syncer::enrolled() const {
  return !endpoint_.url.empty() && !endpoint_.credential.empty();
}

std::string Syncer::office_state() const {
  if (!enrolled()) return "never";
  auto refusal = app_.store->office_refusal(endpoint_.credential);
  if (refusal && *refusal) return "refused";
  if (state_ == "never" && last_sync_) return "offline";
  return state_;
}

core::Json Syncer::status_json() const {
  core::Json j = {{"office", office_state()},
                  {"url", endpoint_.url.empty() ? core::Json(nullptr) : core::Json(endpoint_.url)},
                  {"enrolled", enrolled()},
                  {"running", run_ != nullptr},
                  {"last_sync", last_sync_ ? core::Json(*last_sync_) : core::Json(nullptr)},
                  {"sync_interval_s", interval_s_}};
  auto pending = app_.store->pending_entries();
  j["pending"] = pending ? *pending : 0;
  auto refusal = app_.store->office_refusal(endpoint_.credential);
  j["revoked"] = enrolled() && refusal && *refusal;
  if (j["revoked"].get<bool>())
    j["revoked_at"] = core::format_rfc3339((*refusal)->at, app_.config.settings.zone);
  if (run_) j["progress"] = run_->summary().to_json();
  j["last_result"] = last_result_ ? last_result_->to_json() : core::Json(nullptr);
  j["last_error"] = last_result_ && !last_result_->error.empty() ? core::Json(last_result_->error)
                                                                 : core::Json(nullptr);
  return j;
}

void Syncer::start() {
  refresh_link();
  if (enrolled()) schedule(std::chrono::seconds(1));
}

void Syncer::schedule(std::chrono::milliseconds after) {
  if (stopped_) return;
  timer_->start(after, [this] {
    if (stopped_) return;
    if (run_) return;  // a run on demand is going; it schedules the next one
    begin_run();
  });
}

void Syncer::sync_now(Done done) {
  if (stopped_) {
    // Asked after SIGTERM (a request read while the server finishes the ones in flight):
    // answered at once, or the daemon would wait for it.
    SyncSummary s;
    s.result = "offline";
    s.error = kStoppingError;
    auto pending = app_.store->pending_entries();
    s.pending = pending ? *pending : 0;
    return done(s);
  }
  if (run_) {
    // The run in progress may have started before the caller's last receipt.
    waiting_next_.push_back(std::move(done));
    next_requested_ = true;
    return;
  }
  waiting_.push_back(std::move(done));
  begin_run();
}

void Syncer::begin_run() {
  refresh_link();
  if (!enrolled()) {
    SyncSummary s;
    s.result = "offline";
    s.error = endpoint_.url.empty() && !app_.config.office ? "head office not configured"
                                                           : "this register is not enrolled "
                                                             "with head office yet (kopilka "
                                                             "enroll)";
    auto pending = app_.store->pending_entries();
    s.pending = pending ? *pending : 0;
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& d : waiting) d(s);
    return;
  }
  SyncOptions options;
  options.zone = app_.config.settings.zone;
  options.now = app_.now;
  options.programs_changed = [this] { return app_.reload_programs(); };
  options.sync_interval_s = interval_s_;
  options.credential = endpoint_.credential;
  options.settings_changed = [this] { return app_.reload_settings(); };
  run_ = std::make_unique<SyncRun>(*app_.store, std::move(options));
  ++run_id_;
  step();
}

// Calls go to the worker one at a time; pulled changes are applied a slice at a time on
// the applier (on the loop, a slice per turn, when it has no connection of its own), and
// the next page is fetched while this one is applied.
void Syncer::step() {
  if (!run_) return;
  if (run_->done()) {
    if (!applying_) finish_run();  // else the slice's end comes back here
    return;
  }
  if (auto request = run_->next()) {
    worker_.post([this, id = run_id_, endpoint = endpoint_, request = std::move(*request)] {
      auto answer = office_.call(endpoint, request, &cancel_);
      PulledCards cards;
      if (answer && answer->status == 200 && request.method == "GET")
        cards = read_pulled_page(*answer);
      asio::post(app_.io,
                 [this, id, answer = std::move(answer), cards = std::move(cards)]() mutable {
                   if (stopped_ || !run_ || id != run_id_) return;
                   run_->take(std::move(answer), std::move(cards));
                   step();
                 });
    });
  }
  if (run_->has_pulled() && !applying_) apply_next_slice();
}

// On the applier, a receipt confirmed meanwhile waits for at most one slice's transaction
// (SQLite takes one writer at a time) and reads in between are never held; a card's
// pulled state still gets this register's unacknowledged entries over it, read inside
// the slice's transaction, so a receipt committed before it is in the card and one after
// it is applied over it.
void Syncer::apply_next_slice() {
  applying_ = true;
  if (Store* second = apply_store()) {
    auto slice = run_->begin_slice();
    if (!slice) {
      applying_ = false;
      return step();  // the run failed: it ends
    }
    applier_.post([this, id = run_id_, run = run_.get(), second, slice = *slice] {
      auto outcome = run->run_slice(*second, slice);
      asio::post(app_.io, [this, id, slice, outcome = std::move(outcome)] {
        applying_ = false;
        if (stopped_ || !run_) return;
        if (id == run_id_) run_->end_slice(slice, outcome);
        step();
      });
    });
    return;
  }
  {
    asio::post(app_.io, [this, id = run_id_] {
      applying_ = false;
      if (stopped_ || !run_) return;
      if (id == run_id_) run_->apply_slice();
      step();
    });
  }
}

void Syncer::finish_run() {
  SyncSummary summary = run_->summary();
  run_.reset();
  // A large pull leaves its pages' memory with the allocator; the register runs for
  // months, so it goes back to the system.
  if (summary.pulled > 1000) {
    // Each thread's allocator keeps what that thread allocated (mimalloc): every one of the
    // three lets go of its own.
    common::release_free_memory();
    worker_.post(common::release_free_memory);
    applier_.post(common::release_free_memory);
  }
  last_result_ = summary;
  if (summary.result == "ok") {
    state_ = "online";
    last_sync_ = app_.now_text();
    if (auto s = app_.store->set_meta("last_sync", *last_sync_); !s)
      spdlog::warn("sync: could not record the time of the last sync: {}", s.message());
    backoff_ = std::chrono::milliseconds(0);
    spdlog::info("sync: pushed {}, pulled {}, {} pending", summary.pushed, summary.pulled,
                 summary.pending);
  } else {
    state_ = "offline";
    spdlog::warn("sync {}: {} ({} pending)", summary.result, summary.error, summary.pending);
  }
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& d : waiting) d(summary);

  if (next_requested_) {
    next_requested_ = false;
    if (summary.result == "offline") {
      // Head office did not answer this run (a shift close waited for its whole timeout
      // already): another at once would only wait as long again. Those who asked meanwhile
      // get this run's answer; the backoff below tries again.
      auto next = std::move(waiting_next_);
      waiting_next_.clear();
      for (auto& d : next) d(summary);
    } else {
      waiting_ = std::move(waiting_next_);
      waiting_next_.clear();
      begin_run();
      return;
    }
  }
  std::chrono::milliseconds interval(interval_s_ * 1000);
  if (summary.result == "ok") {
    schedule(interval);
  } else if (summary.result == "offline") {
    backoff_ =
        backoff_.count() == 0 ? std::chrono::milliseconds(1000) : std::min(backoff_ * 2, interval);
    schedule(std::chrono::milliseconds(jitter_(backoff_.count() / 2, backoff_.count())));
  } else {
    schedule(interval);  // refused (credential, protocol): retrying sooner changes nothing
  }
}

}  // namespace kopilka::daemon
