// Sending one notification over a channel (office.md "Notifications"): e-mail over SMTP
// (libcurl, STARTTLS unless the relay is on loopback), SMS through the configured gateway
// request template, and webhooks signed with HMAC-SHA256. Each says whether the message
// went, should be tried again (timeouts, 5xx, 429), or can never go (other 4xx, refused
// addresses). Blocking: called from the notification worker's thread, never the loop.
#pragma once

#include <string>

#include "office/notify_config.h"

namespace kopilka::office {

enum class SendOutcome { kSent, kRetry, kFailed };

// [notify] send_timeout's default, seconds: the whole of one send, connecting included.
inline constexpr int kDefaultSendTimeout = 15;

struct SendResult {
  SendOutcome outcome = SendOutcome::kSent;
  std::string reason;  // for the delivery log; never holds a secret
  // The server was not reached or did not answer (every message on the channel fails
  // alike): worth the operator's log, unlike one recipient's refusal.
  bool channel_down = false;
};

// Why a send got no answer, for the delivery log: "no answer within 15 s from
// smtp.example.ru:587", "cannot connect to 127.0.0.1:2525 (Couldn't connect to server)".
// Only the URL's host and port are named: an SMS gateway's URL may hold its key.
SendResult unanswered(int curl_code, const std::string& url, int timeout_seconds);

struct EmailMessage {
  std::string to;
  std::string subject;
  std::string text;             // UTF-8 plain text, the unsubscribe line included
  std::string unsubscribe_url;  // also sent as List-Unsubscribe
  std::string delivery_id;      // becomes the Message-ID
};

SendResult send_email(const EmailChannel& channel, const EmailMessage& message,
                      int timeout_seconds = kDefaultSendTimeout);

// The RFC 5322 message (headers and base64 body) send_email hands to SMTP; `date` is an
// RFC 5322 date. Public for its test.
std::string email_document(const EmailChannel& channel, const EmailMessage& message,
                           const std::string& date);

struct SmsMessage {
  std::string phone;  // E.164
  std::string text;
  std::string delivery_id;
};

SendResult send_sms(const SmsChannel& channel, const SmsMessage& message,
                    int timeout_seconds = kDefaultSendTimeout);

// The gateway request for a message: URL, headers and body with {phone}, {text} and {id}
// filled in (URL-encoded in the URL; JSON-escaped in a JSON body, form-encoded otherwise).
struct HttpCall {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};
HttpCall sms_request(const SmsChannel& channel, const SmsMessage& message);

// POSTs `body` (JSON) with X-Kopilka-Signature: sha256=<hex HMAC of the body> and
// X-Kopilka-Delivery: <delivery_id>, the same on every retry.
SendResult send_webhook(const WebhookTarget& target, const std::string& event,
                        const std::string& delivery_id, const std::string& body,
                        int timeout_seconds = kDefaultSendTimeout);
HttpCall webhook_request(const WebhookTarget& target, const std::string& event,
                         const std::string& delivery_id, const std::string& body);

// Performs an HTTP call within `timeout_seconds` in all (connecting: at most 5 s of it); the
// outcome by status; no answer in time is a timeout, tried again later.
SendResult perform_http(const HttpCall& call, int timeout_seconds = kDefaultSendTimeout);

}  // namespace kopilka::office
