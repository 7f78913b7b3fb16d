// The notification worker (notify_worker.h): its thread, its turns, and the look at cards
// that queues their events; sending one message is in notify_dispatch.cc.
#include "office/notify_worker.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/card_state_json.h"
#include "office/campaigns.h"
#include "office/chain_settings.h"
#include "office/notify_events.h"
#include "office/notify_scan_writes.h"
#include "office/notify_send.h"

namespace kopilka::office {

namespace {

// A claim outlasts the longest send ([notify] send_timeout) with room for the database
// writes around it, so a live worker never loses its message to another process; a killed
// one's message comes back when the claim runs out.
constexpr int kLeaseMargin = 10;
constexpr int kScanPage = 500;
// Cards judged, and their writes made, between two looks at the scan's pace.
constexpr std::size_t kScanPart = 25;
constexpr int kSendsPerTurn = 50;
constexpr int kCampaignPage = 200;
// How often a long scan stops to send what is due.
constexpr auto kSendTurnDuringScan = std::chrono::seconds(10);

core::Result<std::int64_t> state_int(Sql& sql, const std::string& name) {
  auto v = query_int(sql, "SELECT CAST(value AS BIGINT) FROM notify_state WHERE name = $1", {name});
  if (!v) return v.status();
  return v->value_or(0);
}

core::Status set_state(Sql& sql, const std::string& name, std::int64_t value) {
  auto r = sql.run(
      "INSERT INTO notify_state (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET "
      "value = excluded.value",
      {name, std::to_string(value)});
  return r ? core::Status::ok() : r.status();
}

}  // namespace

NotifyWorker::NotifyWorker(const OfficeConfig& config, std::unique_ptr<Sql> sql,
                           std::function<core::Instant()> clock, const PushActivity* pushes)
    : config_(config),
      rules_(config.settings),
      sql_(std::move(sql)),
      clock_(std::move(clock)),
      pushes_(pushes),
      pace_(config.notify.scan_rate) {}

void NotifyWorker::stand_aside_for_pushes() {
  if (pushes_) scan_waited_ += stand_aside(*pushes_, stopping_);
}

void NotifyWorker::keep_pace(int cards) {
  const auto wait = pace_.take(cards, std::chrono::steady_clock::now());
  if (wait <= std::chrono::nanoseconds(0)) return;
  const auto until = std::chrono::steady_clock::now() + wait;
  // A paced scan of a large chain takes many minutes (200 000 cards at 200 a second: 17):
  // what is queued meanwhile (a welcome, a campaign, a test send) still goes within the
  // minute office.md promises, in the scan's pauses, not after it.
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= until || stopping_) return;
    const auto turn = last_send_turn_ + kSendTurnDuringScan;
    if (now >= turn) {
      // As many turns as are full, while the pause lasts: a backlog goes too.
      for (;;) {
        auto sent = send_due();
        if (!sent) spdlog::warn("notifications: {}", sent.status().message());
        if (!sent || *sent < kSendsPerTurn || stopping_ ||
            std::chrono::steady_clock::now() >= until)
          break;
      }
      continue;
    }
    std::unique_lock lock(mu_);
    wake_.wait_until(lock, std::min(until, turn), [this] { return stopping_.load(); });
  }
}

NotifyWorker::~NotifyWorker() {
  stop();
}

void NotifyWorker::start() {
  thread_ = std::thread([this] {
    // Background work: on a till server's busy machine, the register's pushes come first.
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
    while (!stopping_) {
      auto sent = run_once();
      if (!sent) spdlog::warn("notifications: {}", sent.status().message());
      // A full turn means more is due (a burn scan's thousands): go on at once; the
      // pause is for an outbox with nothing left to send.
      if (sent && *sent >= kSendsPerTurn) continue;
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_.load(); });
    }
  });
}

void NotifyWorker::stop() {
  stopping_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

core::Result<int> NotifyWorker::run_once() {
  auto chain = load_chain_settings(*sql_, config_);
  if (!chain) return chain.status();
  // A longer warning window brings cards' burn dates into it today: look at every card again.
  if (chain->rules.expiry_warning_days != rules_.expiry_warning_days) last_full_scan_ = -1;
  rules_ = chain->rules;
  const core::Instant now = clock_();
  const core::Day today = core::local_day(now, rules_.zone);
  bool full = today != last_full_scan_;
  if (core::Status s = scan_cards(full); !s) return s;
  if (full) last_full_scan_ = today;
  return send_due();
}

core::Result<int> NotifyWorker::send_due() {
  last_send_turn_ = std::chrono::steady_clock::now();
  if ((config_.notify.email || config_.notify.sms) &&
      std::chrono::steady_clock::now() >= next_campaign_page_) {
    next_campaign_page_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    auto programs = load_programs(*sql_);
    if (!programs) return programs.status();
    // Throttled: a page of cards a second per campaign; the outbox sends them on.
    auto queued = advance_campaigns(*sql_, *programs, clock_(), rules_, kCampaignPage);
    if (!queued) return queued.status();
  }
  int attempted = 0;
  while (attempted < kSendsPerTurn && !stopping_) {
    auto m = claim_due(*sql_, clock_(), config_.notify.send_timeout + kLeaseMargin);
    if (!m) return m.status();
    if (!m->has_value()) break;
    ++attempted;
    if (core::Status s = dispatch(**m, clock_()); !s) return s;
  }
  return attempted;
}

core::Status NotifyWorker::scan_cards(bool everything) {
  if (!config_.notify.email && !config_.notify.sms && config_.notify.webhooks.empty())
    return core::Status::ok();
  auto programs = load_programs(*sql_);
  if (!programs) return programs.status();
  const core::Instant now = clock_();
  auto cursor = state_int(*sql_, "card_cursor");
  if (!cursor) return cursor.status();
  // The changes since the cursor are followed in change order. The nightly scan of every
  // card goes in card-number order instead: its writes (the messages' keys, the levels)
  // then land in order, a few pages a transaction instead of a page a card, and the cards
  // are read in their table's order. A card that changes during it has a change number
  // past the highest at its start, so the next turn judges it again.
  std::int64_t highest = *cursor;
  if (everything) {
    auto top = query_int(*sql_, "SELECT COALESCE(MAX(seq), 0) FROM cards");
    if (!top) return top.status();
    highest = std::max(highest, top->value_or(0));
  }
  std::int64_t after = *cursor;
  std::string after_number;
  std::optional<RelaxedScanCommits> relaxed(std::in_place, *sql_);
  const auto started = std::chrono::steady_clock::now();
  scan_waited_ = std::chrono::nanoseconds(0);
  std::int64_t scanned = 0;
  for (;;) {
    stand_aside_for_pushes();
    auto rows = everything
                    ? sql_->query(
                          "SELECT c.number, c.state, c.seq, l.levels FROM cards c LEFT JOIN "
                          "notify_levels l ON l.card = c.number WHERE c.number > $1 ORDER BY "
                          "c.number LIMIT CAST($2 AS INTEGER)",
                          {after_number, sql_int(kScanPage)})
                    : sql_->query(
                          "SELECT c.number, c.state, c.seq, l.levels FROM cards c LEFT JOIN "
                          "notify_levels l ON l.card = c.number WHERE c.seq > CAST($1 AS BIGINT) "
                          "ORDER BY c.seq LIMIT CAST($2 AS INTEGER)",
                          {sql_int(after), sql_int(kScanPage)});
    if (!rows) return rows.status();
    // The page is judged outside any transaction, kScanPart cards at a time at the scan's
    // pace; each part's writes then go in short transactions (kScanWriteBatch rows), so on
    // SQLite a push never waits behind more than a few inserts and their commit.
    for (std::size_t first = 0; first < rows->size() && !stopping_; first += kScanPart) {
      const std::size_t end = std::min(rows->size(), first + kScanPart);
      keep_pace(static_cast<int>(end - first));
      ScanWrites writes;
      for (std::size_t i = first; i < end; ++i) {
        const auto& r = (*rows)[i];
        // Judging a card is about a millisecond of CPU on a loaded till server: a push
        // being served has the CPU first (looking costs two clock reads).
        stand_aside_for_pushes();
        if (core::Status c = consider_card(r.text(0), r.text(1),
                                           r.is_null(3) ? std::nullopt : std::optional(r.text(3)),
                                           *programs, now, &writes);
            !c)
          return c;
      }
      core::Status s = write_scan_batches(*sql_, writes, now, [this] { stand_aside_for_pushes(); });
      if (!s) return s;
      if (!writes.messages.empty() || !writes.levels.empty()) {
        stand_aside_for_pushes();  // the checkpoint writes pages back: the disk is the push's
        relaxed->checkpoint();
      }
      // An unpaced scan (scan_rate 0) sends in between parts instead.
      if (std::chrono::steady_clock::now() - last_send_turn_ >= kSendTurnDuringScan)
        if (auto sent = send_due(); !sent) return sent.status();
    }
    if (stopping_) break;
    scanned += static_cast<std::int64_t>(rows->size());
    if (rows->empty()) break;
    if (everything) {
      after_number = rows->back().text(0);
    } else {
      after = rows->back().int64(2);
      highest = std::max(highest, after);
    }
    if (static_cast<int>(rows->size()) < kScanPage || stopping_) break;
  }
  // A nightly scan cut short has not judged every change up to its highest: the cursor
  // stays, and the next start scans every card again.
  if (everything && stopping_) highest = *cursor;
  relaxed.reset();  // the cursor's commit syncs the scan's writes with it
  if (everything)
    spdlog::info(
        "notifications: burn scan of {} cards took {} ms, {} ms of it standing aside for "
        "pushes",
        scanned,
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                              started)
            .count(),
        std::chrono::duration_cast<std::chrono::milliseconds>(scan_waited_).count());
  return set_state(*sql_, "card_cursor", highest);
}

core::Status NotifyWorker::consider_card(const std::string& number, const std::string& state_text,
                                         const std::optional<std::string>& levels_before,
                                         const core::ProgramSet& programs, core::Instant now,
                                         ScanWrites* out) {
  auto j = core::parse_json_exact(state_text);
  if (!j) return core::Status::ok();  // a damaged card is the integrity check's to report
  auto card = core::card_state_from_json(*j);
  if (!card) return core::Status::ok();
  card->number = number;
  LastLook before;
  const bool seen = levels_before.has_value();
  before.seen = seen;
  if (seen) {
    auto b = core::parse_json_exact(*levels_before);
    if (b && b->is_object())
      for (const auto& [k, v] : b->items())
        if (v.is_string()) before.levels[k] = v.get<std::string>();
  }
  bool accruals = config_.notify.points_accrued;
  for (const auto& hook : config_.notify.webhooks)
    for (const auto& name : hook.events) accruals = accruals || name == "points_accrued";
  std::map<std::string, std::int64_t> accrued;
  if (accruals) {
    // Entries of today and yesterday: what each granted, as journalled (the card's lots may
    // be spent or folded since, and a refund's given-back points are no accrual).
    const core::Day today = core::local_day(now, rules_.zone);
    auto rows = sql_->query(
        "SELECT id, kind, body FROM entries WHERE card = $1 AND at >= CAST($2 AS BIGINT) AND "
        "kind IN ('receipt', 'topup')",
        {number, sql_int(core::start_of_day(today - 1, rules_.zone))});
    if (!rows) return rows.status();
    for (const auto& r : *rows)
      if (auto body = core::parse_json_exact(r.text(2)))
        accrued[r.text(0)] = accrued_points(r.text(1), *body, programs);
  }
  for (const auto& e : card_events(*card, programs, now, rules_, before, accrued)) {
    for (auto& m : messages_for(e, *card, config_.notify)) out->messages.push_back(std::move(m));
  }
  auto levels = card_levels(*card, programs, now, rules_);
  if (levels.empty() && !seen) return core::Status::ok();
  core::Json now_levels = core::Json::object();
  for (const auto& [k, v] : levels) now_levels[k] = v;
  out->levels.emplace_back(number, now_levels.dump());
  return core::Status::ok();
}

core::Result<core::ProgramSet> load_programs(Sql& sql) {
  auto rows = sql.query("SELECT document FROM programs WHERE document IS NOT NULL ORDER BY id");
  if (!rows) return rows.status();
  std::vector<core::Json> docs;
  for (const auto& r : *rows) {
    auto doc = core::parse_json_exact(r.text(0));
    if (doc) docs.push_back(std::move(*doc));
  }
  return core::ProgramSet::build(docs);
}

}  // namespace kopilka::office
