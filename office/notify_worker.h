// Head office's notification worker (office.md "Notifications"): a thread with its own
// database connection that finds the events cards call for (following the card change
// feed, and once a day every card for burn dates that came into the warning window), queues
// them in the outbox, and sends what is due: consent and unsubscribes checked at send time,
// quiet hours and the daily limit deferring, failures retried with backoff.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "core/engine.h"
#include "office/config.h"
#include "office/notify_pace.h"
#include "office/notify_pause.h"
#include "office/notify_scan_writes.h"
#include "office/notify_send.h"
#include "office/notify_texts.h"
#include "office/outbox.h"
#include "office/sql.h"

namespace kopilka::office {

class NotifyWorker {
 public:
  // `pushes`: the push route's marks, which the burn scan stands aside for; null: none.
  NotifyWorker(const OfficeConfig& config, std::unique_ptr<Sql> sql,
               std::function<core::Instant()> clock, const PushActivity* pushes = nullptr);
  ~NotifyWorker();
  void start();
  void stop();

  // One turn, for tests: follow the change feed (and the daily scan when due), then send
  // what is due. How many messages were attempted.
  core::Result<int> run_once();

 private:
  core::Status scan_cards(bool everything);
  // A page of each running campaign (at most one a second), then the outbox's due messages,
  // up to a turn's worth. How many messages were attempted.
  core::Result<int> send_due();
  // Waits while a push is being served (notify_pause.h); adds the wait to scan_waited_.
  void stand_aside_for_pushes();
  // Waits until the scan's pace ([notify] scan_rate) lets it judge `cards` more.
  void keep_pace(int cards);
  // `levels_before`: what notify_levels holds for the card (read with the page).
  core::Status consider_card(const std::string& number, const std::string& state_text,
                             const std::optional<std::string>& levels_before,
                             const core::ProgramSet& programs, core::Instant now, ScanWrites* out);
  core::Status dispatch(const OutboxMessage& m, core::Instant now);
  // E-mail or SMS to the card's customer: suppressed, deferred, or sent (`result` set).
  core::Status send_to_customer(const OutboxMessage& m, core::Instant now,
                                std::optional<SendResult>* result);
  core::Result<MessageText> event_text(const QueuedMessage& q, const std::string& name);
  // A campaign's text in the campaign template as it is now.
  core::Result<MessageText> campaign_text_for(const core::Json& payload, const std::string& name);
  SendResult send_text(const OutboxMessage& m, const std::string& to, const MessageText& text,
                       const std::string& unsubscribe);

  const OfficeConfig& config_;
  // The rules the events are judged by: office.toml's zone and locale with the chain's
  // settings (expiry_warning_days, point_value) as the owner last saved them, read each turn.
  core::Settings rules_;
  std::unique_ptr<Sql> sql_;
  std::function<core::Instant()> clock_;
  const PushActivity* pushes_;
  std::chrono::nanoseconds scan_waited_{0};
  ScanPace pace_;
  core::Day last_full_scan_ = -1;
  std::chrono::steady_clock::time_point next_campaign_page_{};  // campaigns: a page a second
  std::chrono::steady_clock::time_point last_send_turn_{};      // send_due's last start
  std::map<std::string, core::Instant> channel_down_said_;      // channel → when last logged
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  std::thread thread_;
};

// The programs as head office holds them now, read through the worker's own connection.
core::Result<core::ProgramSet> load_programs(Sql& sql);

// When a message that is due at `now` may go, given quiet hours in `zone`: `now` itself,
// or the end of the quiet period.
core::Instant after_quiet_hours(core::Instant now, const std::optional<QuietHours>& quiet,
                                core::Zone zone);

}  // namespace kopilka::office
