// Campaigns (office.md "Notifications"): a marketer's text to a segment of customers —
// groups, level, last purchase before/after, birthday month, store — with the number of
// recipients shown before sending, a test send to oneself, throttled queueing into the
// outbox a page of cards at a time, progress, and stop. Marketing goes only to customers
// who consented to the channel (checked again when each message is sent).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "office/actor.h"
#include "office/sql.h"

namespace kopilka::office {

struct Segment {
  std::vector<std::string> groups;  // any of them; empty: any card
  std::optional<std::string> level_program;
  std::optional<std::string> level_percent;       // the card's level in that program, e.g. "7"
  std::optional<core::Day> last_purchase_after;   // on or after
  std::optional<core::Day> last_purchase_before;  // on or before
  std::optional<int> birthday_month;              // 1–12
  std::optional<std::string> store;               // bought there at least once
};

// {"groups": [...], "level": {"program", "percent"}, "last_purchase_after": DATE,
// "last_purchase_before": DATE, "birthday_month": 1..12, "store": ID}; errors name the field.
core::Result<Segment> parse_segment(const core::Json& j);
// A segment that could only ever match nobody by a slip: a level of a program there is not,
// or that program's level there is not (the field named, with the levels it has).
core::Status check_segment(const Segment& s, const core::ProgramSet& programs);
core::Json segment_json(const Segment& s);

struct CampaignDraft {
  std::string name;
  std::string channel;  // email | sms
  std::string subject;  // e-mail only; SMS ignores it
  std::string text;
  Segment segment;
};

// Validates a POST /v1/admin/campaigns body (text a template with {name}, {card_tail}).
core::Result<CampaignDraft> parse_campaign(const core::Json& body);

// Customers the segment reaches on `channel` now: active cards with a customer who has an
// address for it and consented, each customer once.
core::Result<std::int64_t> count_recipients(Sql& sql, const Segment& segment,
                                            const std::string& channel,
                                            const core::ProgramSet& programs, core::Instant now,
                                            const core::Settings& settings);

core::Result<std::string> create_campaign(Sql& sql, const CampaignDraft& d, const Actor& by,
                                          core::Instant now);
// The campaign with its progress: recipients queued and the outbox's count per state.
core::Result<std::optional<core::Json>> campaign_view(Sql& sql, const std::string& id,
                                                      core::Zone zone);
core::Result<core::Json> list_campaigns(Sql& sql, core::Zone zone);

// draft → running; kConflict from any other state.
core::Status start_campaign(Sql& sql, const std::string& id, core::Instant now);
// running or draft → stopped; messages still queued are suppressed.
core::Status stop_campaign(Sql& sql, const std::string& id);
// Queues a copy to `to` (one e-mail address, or a phone, sent as E.164) now, whatever the
// segment. Refused (conflict) when `channel_ready` says head office has no channel to send
// it by, and (invalid, field "to") for anything but one address or phone, past
// kTestSendsPerWindow in kTestSendWindow seconds for one campaign, or past
// kChainTestSendsPerWindow over all: a test is sent to oneself, not to a list.
inline constexpr int kTestSendsPerWindow = 5;
inline constexpr int kChainTestSendsPerWindow = 20;  // over every campaign
inline constexpr core::Instant kTestSendWindow = 600;
core::Status queue_test_send(Sql& sql, const std::string& id, const std::string& to,
                             core::Instant now,
                             const std::function<bool(const std::string&)>& channel_ready);

// The worker's turn: queues the next page of each running campaign's recipients; a
// campaign whose cards are all looked at is done. How many messages were queued.
core::Result<std::int64_t> advance_campaigns(Sql& sql, const core::ProgramSet& programs,
                                             core::Instant now, const core::Settings& settings,
                                             int page);

}  // namespace kopilka::office
