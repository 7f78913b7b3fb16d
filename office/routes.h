// Head office's API as functions from HttpRequest to HttpResponse: authentication, then
// one function per group of paths. Called on the server's single loop thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/http_types.h"
#include "core/time.h"
#include "office/config.h"
#include "office/storage.h"

namespace kopilka::office {

using common::error_response;
using common::HttpRequest;
using common::HttpResponse;
using common::status_response;

inline constexpr int kProtocolVersion = 1;

class PushQueue;

struct OfficeContext {
  Storage& store;
  const OfficeConfig& config;
  std::function<core::Instant()> now;  // the wall clock, injected
  PushQueue* pushes = nullptr;         // group commit; null: each push commits alone
};

// Answers every request; pushes may be answered later (group commit).
void handle(OfficeContext& ctx, const HttpRequest& req, common::Respond respond);
HttpResponse route(OfficeContext& ctx, const HttpRequest& req);
// POST /v1/sync/push: checked at once, applied with the next group.
void route_push(OfficeContext& ctx, const HttpRequest& req, common::Respond respond);

// Path segments after a prefix: split_path("/v1/admin/cards/123/points") →
// {"v1","admin","cards","123","points"}.
std::vector<std::string> split_path(const std::string& path);

// Each group answers its paths, or nullopt-like 404 when the path is not theirs.
HttpResponse route_sync(OfficeContext& ctx, const HttpRequest& req,
                        const std::vector<std::string>& parts);
HttpResponse route_admin(OfficeContext& ctx, const HttpRequest& req,
                         const std::vector<std::string>& parts);
HttpResponse route_cards(OfficeContext& ctx, const HttpRequest& req,
                         const std::vector<std::string>& parts);
// POST /v1/sync/upload (office/routes_upload.cc): an enrolling register's cards and programs.
HttpResponse route_upload(OfficeContext& ctx, const HttpRequest& req,
                          const std::string& register_id);

// Parses a request body with exact numbers; a 400 response on failure.
core::Result<core::Json> parse_body(const HttpRequest& req);
// `at` from the query or body: RFC 3339, default now.
core::Result<core::Instant> at_param(OfficeContext& ctx, const std::string& text);

}  // namespace kopilka::office
