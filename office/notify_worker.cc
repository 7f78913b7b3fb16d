// The notification worker (notify_worker.h).
#include "office/notify_worker.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/card_state_json.h"
#include "office/campaigns.h"
#include "office/notify_events.h"
#include "office/notify_scan_writes.h"
#include "office/notify_send.h"
#include "office/notify_templates.h"
#include "office/notify_zone.h"
#include "office/unsubscribe.h"

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

core::Result<std::optional<core::CardState>> load_card(Sql& sql, const std::string& number) {
  auto rows = sql.query("SELECT state FROM cards WHERE number = $1", {number});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<core::CardState>();
  auto j = core::parse_json_exact(rows->front().text(0));
  if (!j) return core::Status::corrupt("card " + number + " is damaged");
  auto card = core::card_state_from_json(*j);
  if (!card) return card.status();
  return std::optional<core::CardState>(std::move(*card));
}

// Where a customer-facing message goes, or why it must not go.
struct Recipient {
  std::string address;  // e-mail or phone
  std::string name;
  std::string why_not;  // non-empty: suppressed
};

Recipient recipient_for(const core::CardState& card, const std::string& channel) {
  if (!card.customer) return {"", "", "the card has no customer"};
  const core::Customer& c = *card.customer;
  Recipient r{"", c.name, ""};
  if (channel == "sms") {
    if (!c.phone) return {"", c.name, "no phone number"};
    r.address = *c.phone;
    if (!c.consents.sms) r.why_not = "no consent to SMS";
  } else {
    if (!c.email) return {"", c.name, "no e-mail address"};
    r.address = *c.email;
    if (!c.consents.email) r.why_not = "no consent to e-mail";
  }
  return r;
}

// A campaign's own text: its subject and body templates, with {name} and {card_tail}.
core::Result<MessageText> campaign_text(const core::Json& payload, const std::string& name,
                                        core::Locale locale) {
  MessageText t{payload.value("subject", std::string()), payload.value("body", std::string())};
  if (t.subject.empty()) t.subject = locale == core::Locale::kRu ? "Копилка" : "Kopilka";
  return render_text(t, payload, name, locale);
}

// A verdict on `m` recorded, or left to the worker that claimed it since (outbox.h).
core::Status noted(const OutboxMessage& m, const core::Result<bool>& recorded) {
  if (!recorded) return recorded.status();
  if (!*recorded)
    spdlog::warn(
        "notifications: {}: its claim ran out before the attempt ended; the worker that "
        "claimed it since records it",
        m.id);
  return core::Status::ok();
}

}  // namespace

core::Instant after_quiet_hours(core::Instant now, const std::optional<QuietHours>& quiet,
                                core::Zone zone) {
  if (!quiet) return now;
  const int minute = core::local_minute_of_day(now, zone);
  const int from = quiet->from_minute, to = quiet->to_minute;
  bool inside = from < to ? (minute >= from && minute < to) : (minute >= from || minute < to);
  if (!inside) return now;
  core::Day day = core::local_day(now, zone);
  if (from > to && minute >= from) day += 1;  // quiet across midnight, evening part
  return core::start_of_day(day, zone) + to * 60;
}

NotifyWorker::NotifyWorker(const OfficeConfig& config, std::unique_ptr<Sql> sql,
                           std::function<core::Instant()> clock, const PushActivity* pushes)
    : config_(config),
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
  std::unique_lock lock(mu_);
  wake_.wait_for(lock, wait, [this] { return stopping_.load(); });
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
  const core::Instant now = clock_();
  const core::Day today = core::local_day(now, config_.settings.zone);
  bool full = today != last_full_scan_;
  if (core::Status s = scan_cards(full); !s) return s;
  if (full) last_full_scan_ = today;
  if ((config_.notify.email || config_.notify.sms) &&
      std::chrono::steady_clock::now() >= next_campaign_page_) {
    next_campaign_page_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    auto programs = load_programs(*sql_);
    if (!programs) return programs.status();
    // Throttled: a page of cards a second per campaign; the outbox sends them on.
    auto queued = advance_campaigns(*sql_, *programs, now, config_.settings, kCampaignPage);
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
  std::map<std::string, std::string> before;
  const bool seen = levels_before.has_value();
  if (seen) {
    auto b = core::parse_json_exact(*levels_before);
    if (b && b->is_object())
      for (const auto& [k, v] : b->items()) before[k] = v.get<std::string>();
  }
  for (const auto& e : card_events(*card, programs, now, config_.settings, before)) {
    for (auto& m : messages_for(e, *card, config_.notify)) out->messages.push_back(std::move(m));
  }
  auto levels = card_levels(*card, programs, now, config_.settings);
  if (levels.empty() && !seen) return core::Status::ok();
  core::Json now_levels = core::Json::object();
  for (const auto& [k, v] : levels) now_levels[k] = v;
  out->levels.emplace_back(number, now_levels.dump());
  return core::Status::ok();
}

core::Status NotifyWorker::send_to_customer(const OutboxMessage& m, core::Instant now,
                                            std::optional<SendResult>* result) {
  const QueuedMessage& q = m.message;
  const auto& cfg = config_.notify;
  auto card = q.card ? load_card(*sql_, *q.card) : std::optional<core::CardState>();
  if (!card) return card.status();
  if (!card->has_value()) return noted(m, mark_suppressed(*sql_, m, "the card is gone"));
  Recipient to = recipient_for(**card, q.channel);
  if (!to.why_not.empty()) return noted(m, mark_suppressed(*sql_, m, to.why_not));
  const std::string customer = (**card).customer->id;
  auto unsub =
      query_int(*sql_, "SELECT 1 FROM unsubscribed WHERE customer_id = $1 AND channel = $2",
                {customer, q.channel});
  if (!unsub) return unsub.status();
  if (unsub->has_value()) return noted(m, mark_suppressed(*sql_, m, "unsubscribed"));
  auto customer_tz = customer_zone(*sql_, *q.card, config_.settings.zone);
  if (!customer_tz) return customer_tz.status();
  const core::Zone zone = *customer_tz;
  if (core::Instant go = after_quiet_hours(now, cfg.quiet_hours, zone); go > now)
    return noted(m, defer_message(*sql_, m, go));
  const core::Day today = core::local_day(now, zone);
  auto sent_today = sent_between(*sql_, customer, core::start_of_day(today, zone),
                                 core::start_of_day(today + 1, zone));
  if (!sent_today) return sent_today.status();
  if (*sent_today >= cfg.max_per_day)
    return noted(m, defer_message(*sql_, m,
                                  after_quiet_hours(core::start_of_day(today + 1, zone),
                                                    cfg.quiet_hours, zone)));
  auto text = q.event == "campaign" ? campaign_text(q.payload, to.name, config_.settings.locale)
                                    : event_text(q, to.name);
  if (!text) return noted(m, mark_attempt_failed(*sql_, m, text.status().message(), std::nullopt));
  std::string unsubscribe;
  if (q.channel == "email" && !cfg.public_url.empty()) {
    auto token = unsubscribe_token(*sql_, customer, "email");
    if (!token) return token.status();
    unsubscribe =
        cfg.public_url + "/v1/unsubscribe?customer=" + customer + "&channel=email&token=" + *token;
  }
  *result = send_text(m, to.address, *text, unsubscribe);
  return core::Status::ok();
}

core::Result<MessageText> NotifyWorker::event_text(const QueuedMessage& q,
                                                   const std::string& name) {
  auto form = event_template(*sql_, q.event, config_.settings.locale);
  if (!form) return form.status();
  return render_text(*form, q.payload, name, config_.settings.locale);
}

SendResult NotifyWorker::send_text(const OutboxMessage& m, const std::string& to,
                                   const MessageText& text, const std::string& unsubscribe) {
  if (m.message.channel == "sms") {
    // Marketing by SMS says how to refuse it, when head office can hear the answer.
    const auto& sms = *config_.notify.sms;
    std::string body = text.text;
    if (m.message.event == "campaign" && !sms.inbound_secret.empty())
      body += config_.settings.locale == core::Locale::kRu ? " Отказ: СТОП" : " Opt out: STOP";
    return send_sms(sms, {to, body, m.id}, config_.notify.send_timeout);
  }
  std::string body = text.text;
  if (!unsubscribe.empty())
    body +=
        (config_.settings.locale == core::Locale::kRu ? "\n\nОтписаться: " : "\n\nUnsubscribe: ") +
        unsubscribe;
  return send_email(*config_.notify.email, {to, text.subject, body, unsubscribe, m.id},
                    config_.notify.send_timeout);
}

core::Status NotifyWorker::dispatch(const OutboxMessage& m, core::Instant now) {
  const QueuedMessage& q = m.message;
  const auto& cfg = config_.notify;
  SendResult result;
  if (q.channel == "webhook") {
    const WebhookTarget* target = nullptr;
    for (const auto& w : cfg.webhooks)
      if (w.url == q.target) target = &w;
    if (!target) return noted(m, mark_suppressed(*sql_, m, "the webhook is no longer configured"));
    core::Json body = q.payload;
    body["delivery"] = m.id;
    body["event"] = q.event;
    body["queued_at"] = core::format_rfc3339(m.queued_at, config_.settings.zone);
    if (q.customer_id) body["customer"] = *q.customer_id;
    result = send_webhook(*target, q.event, m.id, body.dump(), cfg.send_timeout);
  } else {
    if ((q.channel == "email" && !cfg.email) || (q.channel == "sms" && !cfg.sms))
      return noted(m, mark_suppressed(*sql_, m, "the " + q.channel + " channel is not configured"));
    if (!q.target.empty()) {  // a test send to the marketer's own address
      auto text = campaign_text(q.payload, "", config_.settings.locale);
      if (!text)
        return noted(m, mark_attempt_failed(*sql_, m, text.status().message(), std::nullopt));
      result = send_text(m, q.target, *text, "");
    } else {
      std::optional<SendResult> sent;
      if (core::Status st = send_to_customer(m, now, &sent); !st || !sent) return st;
      result = *sent;
    }
  }
  switch (result.outcome) {
    case SendOutcome::kSent:
      return noted(m, mark_sent(*sql_, m, now));
    case SendOutcome::kFailed:
      return noted(m, mark_attempt_failed(*sql_, m, result.reason, std::nullopt));
    case SendOutcome::kRetry: {
      auto delay = retry_delay(m.attempts);
      return noted(m, mark_attempt_failed(
                          *sql_, m, result.reason,
                          delay ? std::optional<core::Instant>(now + *delay) : std::nullopt));
    }
  }
  return core::Status::ok();
}

}  // namespace kopilka::office
