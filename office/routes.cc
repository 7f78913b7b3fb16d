// Head office dispatch and authentication; see routes.h.
#include "office/routes.h"

#include "common/secrets.h"

namespace kopilka::office {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : path) {
    if (c == '/') {
      if (!cur.empty()) parts.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(std::move(cur));
  return parts;
}

core::Result<core::Json> parse_body(const HttpRequest& req) {
  auto j = core::parse_json_exact(req.body);
  if (!j) return core::Status::invalid(j.status().message());
  return std::move(*j);
}

core::Result<core::Instant> at_param(OfficeContext& ctx, const std::string& text) {
  if (text.empty()) return ctx.now();
  // An unescaped '+' of an offset arrives as a space after query decoding.
  std::string fixed = text;
  if (fixed.size() > 19 && fixed[fixed.size() - 6] == ' ') fixed[fixed.size() - 6] = '+';
  auto at = core::parse_business_time(fixed);
  if (!at) return core::Status::invalid(at.status().message(), "at");
  return *at;
}

namespace {

std::string bearer(const HttpRequest& req) {
  const std::string prefix = "Bearer ";
  if (req.authorization.rfind(prefix, 0) != 0) return {};
  return req.authorization.substr(prefix.size());
}

}  // namespace

void handle(OfficeContext& ctx, const HttpRequest& req, common::Respond respond) {
  if (!req.query_malformed && req.path == "/v1/sync/push")
    return route_push(ctx, req, std::move(respond));
  respond(route(ctx, req));
}

HttpResponse route(OfficeContext& ctx, const HttpRequest& req) {
  if (req.query_malformed)
    return error_response(400, "invalid_request", "the query string is malformed");
  auto parts = split_path(req.path);
  if (parts.size() < 2 || parts[0] != "v1") return error_response(404, "not_found", "no such path");
  if (parts[1] == "health" && parts.size() == 2) {
    if (req.method != "GET") return error_response(405, "method_not_allowed", "use GET");
    return {200, core::Json{{"status", "ok"},
                            {"service", "kopilka-office"},
                            {"version", "0.1.0"},
                            {"protocol", kProtocolVersion}}};
  }
  if (parts[1] == "sync") return route_sync(ctx, req, parts);

  // Everything else is for the admin token (cards may also be read by a register).
  std::string token = bearer(req);
  if (token.empty())
    return error_response(401, "unauthorized", "an Authorization: Bearer token is required");
  bool admin = common::equal_constant_time(token, ctx.config.admin_token);
  if (!admin) {
    auto reg = ctx.store.authenticate(token);
    if (!reg) return error_response(401, "unauthorized", "the token is not valid");
    if (parts[1] != "cards")
      return error_response(403, "forbidden", "a register credential cannot use admin paths");
  }
  if (parts[1] == "admin") return route_admin(ctx, req, parts);
  if (parts[1] == "cards") return route_cards(ctx, req, parts);
  return error_response(404, "not_found", "no such path");
}

}  // namespace kopilka::office
