// office.toml's [notify] tables (office.md "Notifications"): quiet hours, the daily limit
// per customer, the public URL for unsubscribe links, and the channels: e-mail over SMTP,
// SMS through an HTTP gateway whose request is a template, and signed webhooks.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace toml {
inline namespace v3 {
class table;
}
}  // namespace toml

namespace kopilka::office {

struct QuietHours {
  int from_minute = 0;  // local minute of day the quiet starts, e.g. 21:00 → 1260
  int to_minute = 0;    // and ends (may be the next morning)
};

struct EmailChannel {
  std::string url;  // smtp://host:port (STARTTLS required unless loopback) or smtps://
  std::string from;
  std::string user;
  std::string password;  // from password_file; never logged
  bool require_tls = true;
};

struct SmsChannel {
  std::string url;  // a template: {phone}, {text} and {id} are URL-encoded into it
  std::string method = "POST";
  std::vector<std::pair<std::string, std::string>> headers;  // values may hold placeholders
  std::string body;  // a template: {phone}, {text}, {id} JSON-escaped when the body is JSON
  // The shared secret the gateway proves itself with when it hands on a customer's reply
  // (POST /v1/sms/inbound); from inbound_secret_file; empty: the path answers 404.
  std::string inbound_secret;
};

struct WebhookTarget {
  std::string url;
  std::string secret;               // from secret_file; signs the body
  std::vector<std::string> events;  // empty: every event
};

struct NotifyConfig {
  std::optional<QuietHours> quiet_hours;  // none by default
  int max_per_day = 3;
  // How long one send may take (SMTP session, gateway or webhook call), seconds; a send
  // still unanswered then is retried later. A worker's claim on a message lasts longer.
  int send_timeout = 15;
  // Cards a second the scan for due messages (the nightly burn scan over every card, and
  // the cards changed since) judges at most; 0: as fast as it can. Bounds the scan's share
  // of the machine while registers push: a night, not minutes, for a million cards.
  int scan_rate = 200;
  // points_accrued to customers and to webhooks that take every event (office.md: off by
  // default); a webhook that names it in `events` gets it either way.
  bool points_accrued = false;
  std::string public_url;  // https://office.example/ for unsubscribe links
  std::optional<EmailChannel> email;
  std::optional<SmsChannel> sms;
  std::vector<WebhookTarget> webhooks;
};

// The events office.md names; a webhook's `events` must be among them.
const std::vector<std::string>& notification_events();

// Parses [notify] (and its sub-tables) of `root`; files are relative to base_dir.
core::Result<NotifyConfig> parse_notify_config(const toml::table& root,
                                               const std::string& base_dir);

// "21:00-09:00" → {1260, 540}.
core::Result<QuietHours> parse_quiet_hours(const std::string& text);

}  // namespace kopilka::office
