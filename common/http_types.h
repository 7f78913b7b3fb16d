// Requests and responses as plain values, so that routes are functions from one to the
// other and never see RESTinio (only http_server.cc does).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::common {

struct HttpRequest {
  std::string method;  // "GET", "PUT", ...
  std::string path;    // "/v1/cards/2000000000015"
  std::map<std::string, std::string> query;
  bool query_malformed = false;  // the query string could not be decoded
  std::string authorization;     // the Authorization header, if any
  std::string protocol;          // the Kopilka-Protocol header, if any
  std::string cookie;            // the Cookie header, if any
  std::string csrf_token;        // the X-CSRF-Token header, if any
  std::string content_type;      // the Content-Type header, if any
  std::string remote_address;    // the peer's IP address
  std::string forwarded_for;     // every X-Forwarded-For header, joined by ","
  // What a register reports with each sync call (docs/sync.md "What a register reports"):
  // the Kopilka-Register-Version, Kopilka-Pending, Kopilka-Clock and
  // Kopilka-Sync-Interval headers, as sent ("" when absent).
  std::string register_version;
  std::string register_pending;
  std::string register_clock;
  std::string register_sync_interval;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  core::Json body;
  std::string text{};  // when not empty, sent instead of `body`: JSON written by the handler
  std::string content_type{};  // default application/json; charset=utf-8
  std::vector<std::pair<std::string, std::string>> headers{};  // Set-Cookie, Retry-After …
};

// Sends the response for one request: exactly once, on the loop thread, at once or
// later (a long poll).
using Respond = std::function<void(HttpResponse)>;

// A request's JSON body, read exactly (core/json_exact.h); a refusal is kInvalid naming
// the field where one is known. A UTF-8 byte order mark before it, which .NET and Windows
// tools write, is passed over (RFC 8259 lets a reader ignore it).
core::Result<core::Json> request_json(std::string_view body);

// {"error": {"code", "message", "field"?}} with the HTTP status.
HttpResponse error_response(int status, const std::string& code, const std::string& message,
                            const std::string& field = {});
// Maps a Status from core or storage to the contract's status codes and error codes.
HttpResponse status_response(const core::Status& status);

// The token of an `Authorization: Bearer TOKEN` header, or empty: the scheme in any case
// (RFC 7235: "bearer" is "Bearer"), then one space and the token as sent, without the
// spaces or tabs after it (not part of a header's value).
std::string bearer_token(const std::string& authorization);

}  // namespace kopilka::common
