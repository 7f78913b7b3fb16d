// Campaigns (office.md "Notifications"): a marketer's text to a segment of customers
// (office/campaign_segment.h) with the number of recipients shown before sending, a test send to
// oneself, throttled queueing into the outbox a page of cards at a time, progress, and stop.
// Marketing goes only to customers who consented to the channel (checked again when each message is
// sent).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "office/actor.h"
#include "office/campaign_segment.h"
#include "office/sql.h"

namespace kopilka::office {

struct CampaignDraft {
  std::string name;
  std::string channel;  // email | sms
  std::string subject;  // e-mail only; SMS ignores it
  std::string text;
  Segment segment;
};

// Validates a POST /v1/admin/campaigns body (text a template with {name}, {card_tail}).
core::Result<CampaignDraft> parse_campaign(const core::Json& body);

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
