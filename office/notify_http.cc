// SMS gateway requests and signed webhooks over libcurl (notify_send.h).
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "common/secrets.h"
#include "core/json_exact.h"
#include "office/notify_send.h"

namespace kopilka::office {

namespace {

std::string url_encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string json_escaped(const std::string& s) {
  std::string quoted = core::Json(s).dump(-1, ' ', false, core::Json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

std::string fill(std::string text, const SmsMessage& m, std::string (*encode)(const std::string&)) {
  const std::pair<const char*, const std::string*> fields[] = {
      {"{phone}", &m.phone}, {"{text}", &m.text}, {"{id}", &m.delivery_id}};
  for (const auto& [name, value] : fields) {
    std::string encoded = encode(*value);
    for (auto at = text.find(name); at != std::string::npos;
         at = text.find(name, at + encoded.size()))
      text.replace(at, std::string(name).size(), encoded);
  }
  return text;
}

std::string as_is(const std::string& s) {
  return s;
}

bool is_json(const SmsChannel& channel) {
  for (const auto& [name, value] : channel.headers) {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "content-type") return value.find("json") != std::string::npos;
  }
  return !channel.body.empty() && channel.body.front() == '{';
}

std::size_t discard(char*, std::size_t size, std::size_t n, void*) {
  return size * n;
}

}  // namespace

SendResult unanswered(int curl_code, const std::string& url, int timeout_seconds) {
  std::string where;
  if (CURLU* u = curl_url()) {
    if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
      char* host = nullptr;
      char* port = nullptr;
      if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) where = host;
      if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
        where += std::string(":") + port;
      curl_free(host);
      curl_free(port);
    }
    curl_url_cleanup(u);
  }
  const auto rc = static_cast<CURLcode>(curl_code);
  std::string reason;
  if (rc == CURLE_OPERATION_TIMEDOUT)
    reason = "no answer within " + std::to_string(timeout_seconds) + " s" +
             (where.empty() ? "" : " from " + where);
  else if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST)
    reason = "cannot connect to " + (where.empty() ? std::string("the server") : where) + " (" +
             curl_easy_strerror(rc) + ")";
  else
    reason = std::string(curl_easy_strerror(rc)) + (where.empty() ? "" : " (" + where + ")");
  return {SendOutcome::kRetry, reason, true};
}

HttpCall sms_request(const SmsChannel& channel, const SmsMessage& message) {
  HttpCall call;
  call.method = channel.method;
  call.url = fill(channel.url, message, url_encode);
  for (const auto& [name, value] : channel.headers)
    call.headers.emplace_back(name, fill(value, message, as_is));
  call.body = fill(channel.body, message, is_json(channel) ? json_escaped : url_encode);
  return call;
}

SendResult send_sms(const SmsChannel& channel, const SmsMessage& message, int timeout_seconds) {
  return perform_http(sms_request(channel, message), timeout_seconds);
}

HttpCall webhook_request(const WebhookTarget& target, const std::string& event,
                         const std::string& delivery_id, const std::string& body) {
  HttpCall call;
  call.method = "POST";
  call.url = target.url;
  call.headers = {
      {"Content-Type", "application/json"},
      {"X-Kopilka-Event", event},
      {"X-Kopilka-Delivery", delivery_id},
      {"X-Kopilka-Signature", "sha256=" + common::hmac_sha256_hex(target.secret, body)}};
  call.body = body;
  return call;
}

SendResult send_webhook(const WebhookTarget& target, const std::string& event,
                        const std::string& delivery_id, const std::string& body,
                        int timeout_seconds) {
  return perform_http(webhook_request(target, event, delivery_id, body), timeout_seconds);
}

SendResult perform_http(const HttpCall& call, int timeout_seconds) {
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return {SendOutcome::kRetry, "cannot start an HTTP client"};
  CURL* c = curl.get();
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : call.headers)
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  headers = curl_slist_append(headers, "Expect:");
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_list(headers, curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  if (call.method != "GET") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min(5, timeout_seconds)));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout_seconds));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) return unanswered(rc, call.url, timeout_seconds);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  std::string reason = "HTTP " + std::to_string(status);
  if (status >= 200 && status < 300) return {SendOutcome::kSent, ""};
  if (status == 408 || status == 429 || status >= 500) return {SendOutcome::kRetry, reason};
  return {SendOutcome::kFailed, reason};
}

}  // namespace kopilka::office
