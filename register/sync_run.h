// One sync with head office as a sequence of calls (docs/sync.md): push every journal
// entry pending when the run started, in batches, then pull changes page by page. The
// run only decides what to ask and applies the answers to the store; who makes the calls
// is the caller's business: the daemon's worker thread (so receipts never wait for the
// network), or the CLI inline when the daemon is stopped. A pulled page is applied in
// slices, each its own transaction with its cursor, and the next page may be fetched while
// one is applied. Not thread-safe: next(), take() and apply_slice() run on the store's
// thread; a slice may be applied on another thread and connection (begin_slice below).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "register/office_client.h"
#include "register/store.h"

namespace kopilka::daemon {

class OfficeCaller;

struct SyncSummary {
  std::string result = "ok";   // ok | failed | offline
  std::int64_t pushed = 0;     // entries head office acknowledged in this run
  std::int64_t pulled = 0;     // changes applied in this run
  std::int64_t remaining = 0;  // changes head office still has for this register
  std::int64_t pending = 0;    // entries still unacknowledged after the run
  std::int64_t refused = 0;    // entries head office refused in this run (docs/sync.md)
  std::string error;
  // Set by a run that uploaded what the register held before enrolment (sync_enrol.cc):
  // {"cards", "created", "updated", "conflicts", "programs", "local_programs",
  // "programs_uploaded"}.
  core::Json enrolment;
  core::Json to_json() const;
};

struct SyncOptions {
  core::Zone zone;
  std::function<core::Instant()> now;
  // Called after a pulled page changed programs, to rebuild the engine's program set.
  std::function<core::Status()> programs_changed;
  // Called after a pulled page brought head office's chain settings, to use them.
  std::function<core::Status()> settings_changed;
  std::size_t push_batch = 500;
  // A push's entries together, as stored: half of head office's 8 MiB body, so that a day
  // offline with long receipts (20 KB an entry and more) never makes a push it refuses.
  std::size_t push_bytes = 4 * 1024 * 1024;
  std::int64_t pull_page = 5000;
  std::size_t apply_slice = 500;  // changes applied in one transaction
  // Reported to head office with every push and pull (docs/sync.md "What a register
  // reports"); 0: not said.
  std::int64_t sync_interval_s = 0;
  // The credential the run uses: a 401 to it is remembered as this register refused
  // (Store::record_office_refusal), a 200 forgets that.
  std::string credential;
};

// A pulled card read off the event loop: its text as sent and what the cards table indexes;
// the whole card is read already from a format-1 page, and from a format-2 page only when
// this register has entries to apply over it.
struct PulledCard {
  std::optional<core::CardState> card;
  std::string number;
  std::optional<std::string> phone;
  std::string text;
};
using PulledCards = std::vector<std::optional<PulledCard>>;  // parallel to "changes"

// Reads every card of a pull answer, and frees the parsed form of those that read, so that
// the event loop is left only the storing. Pure and thread-safe: the daemon calls it on its
// worker thread. A card that does not read stays in the answer, for apply to report.
PulledCards read_pulled_cards(core::Json& answer_body);
// The same for either page format: a format-2 answer (OfficeAnswer::text) becomes the
// body of format 1, its cards' states left as text (register/sync_page_text.cc).
PulledCards read_pulled_page(OfficeAnswer& answer);
// A card's state as head office sent it in a format-2 line, checked without a tree: one
// JSON object holding `number`.
core::Result<PulledCard> read_card_text(const std::string& number, std::string_view text);
// A whole number as a pull writes it (a change's seq, a cursor kept in `meta`); nullopt for
// anything else.
std::optional<std::int64_t> whole_number(std::string_view s);

class SyncRun {
  struct PulledPage;

 public:
  SyncRun(Store& store, SyncOptions options) : store_(store), options_(std::move(options)) {}

  // The next call to make, or nullopt when none is to be made now: the run is over, a
  // call is in flight, or pulled pages wait to be applied. One call at a time.
  std::optional<OfficeRequest> next();
  // Takes the answer to the call next() gave; a pulled page is kept to be applied, with
  // its cards if read_pulled_cards() read them already.
  void take(core::Result<OfficeAnswer> answer, PulledCards cards = {});
  // Applies the next slice of pulled changes; false when none waits.
  bool apply_slice();
  // The same in three steps, so that the daemon applies the slice on a connection of its
  // own off the event loop: begin_slice() and end_slice() run on the store's thread,
  // run_slice() on any one thread at a time, between them. While a slice runs, next() and
  // take() may still be called; the run must not be destroyed.
  struct SliceOutcome {
    core::Status status;
    bool programs_touched = false;
    bool settings_touched = false;
    bool page_done = false;  // the page's last slice: its changes are freed already
  };
  struct Slice {
    PulledPage* page = nullptr;  // the run's front page, which stays put while it is applied
    std::size_t from = 0, to = 0;
    std::int64_t cursor = 0;
    core::Instant now = 0;
    // A slice of a snapshot keeps where the snapshot stands instead of a cursor (its last
    // card), until the slice that ends it, which sets the cursor and forgets the snapshot.
    std::optional<std::int64_t> snapshot;
    std::string snapshot_card;
    bool ends_snapshot = false;
  };
  std::optional<Slice> begin_slice();  // nullopt: none waits, or the run failed
  SliceOutcome run_slice(Store& store, const Slice& slice);
  void end_slice(const Slice& slice, const SliceOutcome& outcome);
  bool has_pulled() const { return !pages_.empty(); }
  bool done() const { return phase_ == Phase::kDone; }
  const SyncSummary& summary() const { return summary_; }

 private:
  enum class Phase { kStart, kUpload, kPush, kPull, kDone };
  // The enrolment upload (sync_enrol.cc): the next call, its answer, the end of it.
  std::optional<OfficeRequest> next_upload();
  void take_upload(const OfficeAnswer& answer);
  void finish_upload();
  void finish(std::string result, std::string error);
  // A push or pull with what the register reports about itself in its headers.
  OfficeRequest with_report(OfficeRequest request);
  void take_push(const OfficeAnswer& answer);
  struct Refusal {
    std::string id, error, message;
  };
  bool refuse_named_entry(const OfficeAnswer& answer);
  static std::string text_of(const core::Json& object, const char* key,
                             const std::string& fallback);
  core::Status record_refusals(const std::vector<Refusal>& refused);
  void report_refusals(const std::vector<Refusal>& refused);
  void take_pull(OfficeAnswer& answer, PulledCards cards);
  // Whether head office answered from another history than the one this register synced
  // with (restored from a backup: docs/sync.md "Head office restored"); if so the run starts
  // over with the whole journal to push and everything to pull, or ends when pulled pages
  // are still held, and the answer is not used.
  bool office_history_changed(const OfficeAnswer& answer);
  struct PulledPage {
    core::Json changes;
    PulledCards cards;
    std::int64_t next = 0;
    std::int64_t remaining = 0;
    std::size_t applied = 0;  // changes applied so far
    // A snapshot's page: its number, and whether cards of it follow this page.
    std::optional<std::int64_t> snapshot;
    bool snapshot_goes_on = false;
    std::string timezone;  // the register's store's, as head office says with every page
    // The chain settings head office computes with while its owner has saved none, said in
    // every page's header (docs/sync.md "Chain settings"); null when not said.
    core::Json settings;
  };
  void finish_if_pulled_all();
  core::Status apply_changes(Store& store, PulledPage& page, const Slice& slice,
                             bool* programs_touched, bool* settings_touched);

  Store& store_;
  SyncOptions options_;
  SyncSummary summary_;
  Phase phase_ = Phase::kStart;
  std::int64_t push_up_to_ = 0;  // last journal seq when the run started
  std::int64_t sent_after_ = 0;  // entries up to here were sent in earlier batches
  std::vector<std::string> in_flight_;
  std::int64_t in_flight_last_seq_ = 0;
  std::int64_t cursor_ = 0;    // the pull's next `after`: the last page fetched
  std::string known_epoch_;    // head office's epoch as last heard; empty: never
  std::string held_settings_;  // the chain settings' document held at the start; "" none
  bool started_over_ = false;  // this run already started over for a new epoch
  // While the pull is a first sync's snapshot (docs/sync.md): the snapshot's number (0: to
  // begin one) and the last card fetched; nullopt once the pull goes by cursor.
  std::optional<std::int64_t> snapshot_;
  std::string snapshot_card_;
  // Changes left after the last page fetched: head office counts them for the run's first
  // page (count=1) and bounds them on later pages; the run's own count down is closer.
  std::optional<std::int64_t> pull_left_;
  bool in_flight_call_ = false;
  bool more_to_pull_ = true;
  std::deque<PulledPage> pages_;  // fetched, not yet wholly applied
  bool upload_programs_ = false;  // the technician chose to send local programs up
  bool upload_started_ = false;
  bool upload_more_ = true;
  std::string upload_after_;      // cards up to this number were sent
  std::string upload_last_sent_;  // the last number of the batch in flight
};

// Runs a whole sync inline, blocking (the CLI with the daemon stopped). `progress` is
// called after every answer and every applied slice.
SyncSummary run_sync_blocking(Store& store, const OfficeEndpoint& endpoint, SyncOptions options,
                              const std::function<void(const SyncSummary&)>& progress = {});
// The same with head office reached through `office` (the one above uses libcurl).
SyncSummary run_sync_blocking(Store& store, OfficeCaller& office, const OfficeEndpoint& endpoint,
                              SyncOptions options,
                              const std::function<void(const SyncSummary&)>& progress = {});

}  // namespace kopilka::daemon
