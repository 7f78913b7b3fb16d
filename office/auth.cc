// identify (auth.h).
#include "office/auth.h"

#include <spdlog/spdlog.h>

#include "common/secrets.h"
#include "office/routes.h"
#include "office/session.h"
#include "office/staff.h"

namespace kopilka::office {

namespace {

std::string bearer(const HttpRequest& req) {
  return common::bearer_token(req.authorization);
}

bool unsafe(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

HttpResponse storage_failed(const core::Status& s) {
  spdlog::error("sign-in check failed: {}", s.message());
  return status_response(s);
}

std::variant<Actor, HttpResponse> by_token(OfficeContext& ctx, const HttpRequest& req,
                                           const std::string& token) {
  if (common::equal_constant_time(token, ctx.config.admin_token))
    return Actor{std::string(kAdminTokenActor), kOwner, req.remote_address, {}, false};
  auto staff = find_token(ctx.store.sql(), token);
  if (!staff) return storage_failed(staff.status());
  if (*staff) {
    auto user = find_user(ctx.store.sql(), (*staff)->login);
    if (!user) return storage_failed(user.status());
    if (!*user || (*user)->disabled)
      return error_response(401, "unauthorized", "the token's account is disabled");
    return Actor{"token:" + (*staff)->name, (*user)->role, req.remote_address, {}, false};
  }
  auto reg = ctx.store.authenticate(token);
  if (reg) return error_response(403, "forbidden", "a register credential reaches only /v1/sync/*");
  return error_response(401, "unauthorized", "the token is not valid");
}

std::variant<Actor, HttpResponse> by_session(OfficeContext& ctx, const HttpRequest& req,
                                             const std::string& id) {
  auto session = use_session(ctx.store.sql(), id, ctx.now(),
                             SessionLimits{ctx.config.session_idle, ctx.config.session_max});
  if (!session) return storage_failed(session.status());
  if (!*session) return error_response(401, "unauthorized", "the session has ended; sign in again");
  auto user = find_user(ctx.store.sql(), (*session)->login);
  if (!user) return storage_failed(user.status());
  if (!*user || (*user)->disabled)
    return error_response(401, "unauthorized", "the account is disabled");
  if (unsafe(req.method) && !common::equal_constant_time(req.csrf_token, (*session)->csrf))
    return error_response(403, "csrf_failed", "the X-CSRF-Token header is missing or wrong");
  return Actor{(*user)->login, (*user)->role, req.remote_address, (*session)->id_hash,
               (*user)->must_change_password};
}

}  // namespace

std::string session_cookie(const HttpRequest& req) {
  const std::string name = std::string(kSessionCookie) + "=";
  std::size_t at = 0;
  while (at < req.cookie.size()) {
    std::size_t end = req.cookie.find(';', at);
    if (end == std::string::npos) end = req.cookie.size();
    std::size_t start = req.cookie.find_first_not_of(' ', at);
    if (start < end && req.cookie.compare(start, name.size(), name) == 0)
      return req.cookie.substr(start + name.size(), end - start - name.size());
    at = end + 1;
  }
  return {};
}

std::variant<Actor, HttpResponse> identify(OfficeContext& ctx, const HttpRequest& req) {
  if (std::string token = bearer(req); !token.empty()) return by_token(ctx, req, token);
  if (std::string id = session_cookie(req); !id.empty()) return by_session(ctx, req, id);
  return error_response(401, "unauthorized",
                        "sign in (POST /v1/auth/login) or send an Authorization: Bearer token");
}

std::string account_of(OfficeContext& ctx, const Actor& actor) {
  if (actor.who == "admin_token") return {};
  if (actor.who.rfind("token:", 0) == 0) {
    auto t = find_token_by_name(ctx.store.sql(), actor.who.substr(6));
    return t && *t ? (*t)->login : std::string();
  }
  return actor.who;
}

}  // namespace kopilka::office
