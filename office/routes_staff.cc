// /v1/admin/tokens and /v1/admin/users: personal API tokens (each person their own; the
// owner sees and revokes all) and the owner's staff administration (office.md "Staff,
// roles and audit"). Every change is audited; a password or token never is.
#include <string>

#include "office/auth.h"
#include "office/route_table.h"
#include "office/routes.h"
#include "office/session.h"
#include "office/staff.h"

namespace kopilka::office {

namespace {

using core::Json;

Json user_json(const StaffUser& u) {
  return Json{{"login", u.login},
              {"role", to_string(u.role)},
              {"must_change_password", u.must_change_password},
              {"disabled", u.disabled}};
}

HttpResponse token_create(OfficeContext& ctx, const Call& c) {
  const std::string login = account_of(ctx, c.actor);
  if (login.empty())
    return error_response(400, "invalid_request",
                          "the admin_token belongs to no account; sign in as a person");
  // A leaked token must not be able to mint others that outlive its revocation.
  if (c.actor.session.empty())
    return error_response(400, "session_required",
                          "tokens are made by a person signed in with a password, not a token");
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  if (!body->is_object() || !body->contains("name") || !(*body)["name"].is_string())
    return error_response(400, "invalid_request", "is required (a string)", "name");
  const std::string name = (*body)["name"].get<std::string>();
  auto token = create_token(ctx.store.sql(), login, name, ctx.now());
  if (!token) return status_response(token.status());
  record_change(
      ctx, c,
      {"token.create", "token:" + name, std::nullopt, Json{{"name", name}, {"login", login}}});
  return {200, Json{{"name", name}, {"token", *token}}};
}

HttpResponse token_list(OfficeContext& ctx, const Call& c) {
  const std::string login = account_of(ctx, c.actor);
  const bool all = c.actor.role == kOwner;
  if (!all && login.empty()) return {200, Json{{"tokens", Json::array()}}};
  auto tokens = list_tokens(ctx.store.sql(), all ? std::string() : login);
  if (!tokens) return status_response(tokens.status());
  Json out = Json::array();
  for (const auto& t : *tokens)
    out.push_back(Json{{"name", t.name},
                       {"login", t.login},
                       {"created", core::format_rfc3339(t.created, ctx.store.settings().zone)}});
  return {200, Json{{"tokens", out}}};
}

HttpResponse token_revoke(OfficeContext& ctx, const Call& c) {
  const std::string& name = c.params.at(0);
  auto token = find_token_by_name(ctx.store.sql(), name);
  if (!token) return status_response(token.status());
  // Someone else's token is as unknown to a non-owner as a missing one.
  if (!*token || (c.actor.role != kOwner && (*token)->login != account_of(ctx, c.actor)))
    return error_response(404, "not_found", "no token named " + name);
  if (auto s = revoke_token(ctx.store.sql(), name); !s) return status_response(s);
  record_change(ctx, c,
                {"token.revoke", "token:" + name, Json{{"name", name}, {"login", (*token)->login}},
                 std::nullopt});
  return {200, Json{{"name", name}, {"revoked", true}}};
}

HttpResponse user_list(OfficeContext& ctx, const Call&) {
  auto users = list_users(ctx.store.sql());
  if (!users) return status_response(users.status());
  Json out = Json::array();
  for (const auto& u : *users) out.push_back(user_json(u));
  return {200, Json{{"users", out}}};
}

HttpResponse user_add(OfficeContext& ctx, const Call& c) {
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  if (!body->is_object() || !body->contains("login") || !(*body)["login"].is_string())
    return error_response(400, "invalid_request", "is required (a string)", "login");
  if (!body->contains("role") || !(*body)["role"].is_string() ||
      !role_from((*body)["role"].get<std::string>()))
    return error_response(400, "invalid_request",
                          "must be owner, marketer, support, technician or auditor", "role");
  const std::string login = (*body)["login"].get<std::string>();
  const Role role = *role_from((*body)["role"].get<std::string>());
  auto password = add_user(ctx.store.sql(), login, role, ctx.now());
  if (!password) return status_response(password.status());
  record_change(ctx, c,
                {"user.add", "user:" + login, std::nullopt,
                 Json{{"login", login}, {"role", to_string(role)}}});
  return {200, Json{{"login", login}, {"role", to_string(role)}, {"password", *password}}};
}

HttpResponse user_update(OfficeContext& ctx, const Call& c) {
  const std::string& login = c.params.at(0);
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  if (!body->is_object()) return error_response(400, "invalid_request", "must be an object");
  std::optional<Role> role;
  std::optional<bool> disabled;
  for (auto it = body->begin(); it != body->end(); ++it) {
    const std::string& key = it.key();
    const core::Json& value = it.value();
    if (key == "role") {
      if (!value.is_string() || !role_from(value.get<std::string>()))
        return error_response(400, "invalid_request",
                              "must be owner, marketer, support, technician or auditor", "role");
      role = role_from(value.get<std::string>());
    } else if (key == "disabled") {
      if (!value.is_boolean())
        return error_response(400, "invalid_request", "must be true or false", "disabled");
      disabled = value.get<bool>();
    } else {
      return error_response(400, "invalid_request", "unknown field", key);
    }
  }
  auto before = find_user(ctx.store.sql(), login);
  if (!before) return status_response(before.status());
  if (!*before) return error_response(404, "not_found", "no staff account " + login);
  if (auto s = update_user(ctx.store.sql(), login, role, disabled); !s) return status_response(s);
  auto after = find_user(ctx.store.sql(), login);
  if (!after) return status_response(after.status());
  if (!*after) return error_response(404, "not_found", "no staff account " + login);
  record_change(ctx, c, {"user.update", "user:" + login, user_json(**before), user_json(**after)});
  return {200, user_json(**after)};
}

// A forgotten password, from the web admin as `user reset-password` does from the shell:
// a new one-time password, shown once; the account's sessions end, its tokens stay.
HttpResponse user_reset_password(OfficeContext& ctx, const Call& c) {
  const std::string& login = c.params.at(0);
  auto found = find_user(ctx.store.sql(), login);
  if (!found) return status_response(found.status());
  if (!*found) return error_response(404, "not_found", "no staff account " + login);
  auto password = reset_password(ctx.store.sql(), login);
  if (!password) return status_response(password.status());
  record_change(
      ctx, c,
      {"user.password_reset", "user:" + login, std::nullopt, Json{{"must_change_password", true}}});
  return {200, Json{{"login", login}, {"password", *password}, {"must_change_password", true}}};
}

}  // namespace

std::vector<Route> staff_admin_routes() {
  return {
      {"GET", "/v1/admin/tokens", kEveryone, token_list},
      {"POST", "/v1/admin/tokens", kEveryone, token_create},
      {"DELETE", "/v1/admin/tokens/{name}", kEveryone, token_revoke},
      {"GET", "/v1/admin/users", kOwner | kAuditor, user_list},
      {"POST", "/v1/admin/users", kOwner, user_add},
      {"PUT", "/v1/admin/users/{login}", kOwner, user_update},
      {"POST", "/v1/admin/users/{login}/reset-password", kOwner, user_reset_password},
  };
}

}  // namespace kopilka::office
