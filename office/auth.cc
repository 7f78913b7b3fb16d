// identify (auth.h).
#include "office/auth.h"

#include "common/secrets.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

std::string bearer(const HttpRequest& req) {
  const std::string prefix = "Bearer ";
  if (req.authorization.rfind(prefix, 0) != 0) return {};
  return req.authorization.substr(prefix.size());
}

}  // namespace

std::variant<Actor, HttpResponse> identify(OfficeContext& ctx, const HttpRequest& req) {
  std::string token = bearer(req);
  if (token.empty())
    return error_response(401, "unauthorized", "an Authorization: Bearer token is required");
  if (common::equal_constant_time(token, ctx.config.admin_token))
    return Actor{"admin_token", kOwner, req.remote_address, {}, false};
  auto reg = ctx.store.authenticate(token);
  if (reg) return error_response(403, "forbidden", "a register credential reaches only /v1/sync/*");
  return error_response(401, "unauthorized", "the token is not valid");
}

}  // namespace kopilka::office
