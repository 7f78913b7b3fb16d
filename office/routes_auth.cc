// /v1/auth/*: sign-in, the first password change, sign-out and "who am I" for the web pages
// (office.md "Staff, roles and audit"). The session id goes into an HttpOnly, SameSite=Strict
// cookie (Secure unless head office serves plain HTTP on loopback with no proxy in front);
// only its SHA-256 is kept.
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <variant>

#include "core/utf8_length.h"
#include "office/auth.h"
#include "office/password_checks.h"
#include "office/route_table.h"
#include "office/routes.h"
#include "office/session.h"
#include "office/staff.h"

namespace kopilka::office {

namespace {

using core::Json;

// A string member of a JSON object body, or a 400.
core::Result<std::string> auth_text_field(const Json& body, const char* key) {
  if (!body.is_object() || !body.contains(key) || !body[key].is_string())
    return core::Status::invalid("is required (a string)", key);
  return body[key].get<std::string>();
}

std::string cookie(OfficeContext& ctx, const std::string& value, bool clear) {
  std::string c = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  // Behind a proxy the browser speaks HTTPS to the proxy, even when the proxy speaks plain
  // HTTP to head office on loopback.
  // With TLS the cookie is Secure whatever insecure_http says: plain HTTP elsewhere must
  // not carry it.
  if (!ctx.config.tls_cert.empty() || !ctx.config.insecure_http ||
      !ctx.config.trusted_proxies.empty())
    c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

HttpResponse too_many_attempts(std::int64_t wait) {
  auto r = error_response(429, "too_many_attempts",
                          "too many failed sign-ins; try again in " + std::to_string(wait) + " s");
  r.headers.emplace_back("Retry-After", std::to_string(wait));
  return r;
}

HttpResponse too_many_sign_ins(std::int64_t wait) {
  auto r =
      error_response(429, "too_many_attempts",
                     "this account signed in " + std::to_string(kSignInsPerLogin) +
                         " times within a minute; try again in " + std::to_string(wait) + " s");
  r.headers.emplace_back("Retry-After", std::to_string(wait));
  return r;
}

// A sign-in whose password is yet to be checked: what its check and its answer need.
struct SignIn {
  std::string login;    // as typed
  std::string counted;  // the login its failure counts against
  std::string address;
  std::string password;
  PasswordOnFile on_file;
};

// Everything of a sign-in before its password's check: the answer when it ends there.
std::variant<HttpResponse, SignIn> begin_sign_in(OfficeContext& ctx, const HttpRequest& req) {
  // A form of another site can post text/plain without asking; JSON cannot be sent across
  // sites without the browser asking first, so a foreign page cannot sign a browser in.
  std::string type = req.content_type.substr(0, req.content_type.find(';'));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (type.substr(0, type.find_last_not_of(' ') + 1) != "application/json")
    return error_response(415, "unsupported_media_type", "sign in with application/json");
  auto body = parse_body(req);
  if (!body) return status_response(body.status());
  auto name = auth_text_field(*body, "login");
  if (!name) return status_response(name.status());
  auto password = auth_text_field(*body, "password");
  if (!password) return status_response(password.status());
  Sql& sql = ctx.store.sql();
  SignIn s;
  s.login = *name;
  s.address = req.remote_address;
  // A name no account can have is counted as one name: the failures table keeps what it is
  // given for a quarter of an hour, and a login of megabytes would be kept whole.
  s.counted = check_login(*name) ? *name : std::string();
  auto wait = sign_in_blocked(sql, s.counted, s.address, ctx.now());
  if (!wait) return status_response(wait.status());
  if (*wait > 0) return too_many_attempts(*wait);
  if (const std::int64_t pace = ctx.sign_ins.wait(s.counted, ctx.now()); pace > 0)
    return too_many_sign_ins(pace);
  auto on_file = password_on_file(sql, *name);
  if (!on_file) return status_response(on_file.status());
  s.on_file = std::move(*on_file);
  s.password = std::move(*password);
  return s;
}

// The answer once the password was checked.
HttpResponse finish_sign_in(OfficeContext& ctx, const SignIn& s, bool matches) {
  Sql& sql = ctx.store.sql();
  if (!matches || !s.on_file.user) {
    if (auto r = record_sign_in_failure(sql, s.counted, s.address, ctx.now()); !r)
      return status_response(r);
    return error_response(401, "unauthorized", "wrong login or password");
  }
  const StaffUser& user = *s.on_file.user;
  if (auto r = clear_sign_in_failures(sql, s.login, s.address); !r) return status_response(r);
  ctx.sign_ins.record(user.login, ctx.now());
  if (auto r = end_idle_sessions(sql, ctx.now(), ctx.config.session_idle); !r)
    return status_response(r);
  auto session = create_session(sql, user.login, ctx.now());
  if (!session) return status_response(session.status());
  HttpResponse r{200, Json{{"role", to_string(user.role)},
                           {"csrf", session->csrf},
                           {"must_change_password", user.must_change_password}}};
  r.headers.emplace_back("Set-Cookie", cookie(ctx, session->id, false));
  return r;
}

// Without a checking thread (the shell's commands, tests of the routes): checked here.
HttpResponse login(OfficeContext& ctx, const Call& c) {
  auto begun = begin_sign_in(ctx, c.req);
  if (auto* answer = std::get_if<HttpResponse>(&begun)) return std::move(*answer);
  const SignIn& s = std::get<SignIn>(begun);
  return finish_sign_in(ctx, s, verify_password(s.on_file.hash, s.password));
}

HttpResponse change_password(OfficeContext& ctx, const Call& c) {
  const std::string login = account_of(ctx, c.actor);
  if (login.empty())
    return error_response(400, "invalid_request", "the admin_token has no password to change");
  if (c.actor.session.empty())
    return error_response(400, "session_required",
                          "a password is changed by its person signed in, not with a token");
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  auto old_password = auth_text_field(*body, "old");
  if (!old_password) return status_response(old_password.status());
  auto new_password = auth_text_field(*body, "new");
  if (!new_password) return status_response(new_password.status());
  // Characters, not bytes: «пароль» is six, not twelve; and spaces alone are no password.
  if (core::utf8_length(*new_password) < kMinPasswordLength)
    return error_response(400, "invalid_request", "must be at least 10 characters", "new");
  if (new_password->find_first_not_of(" \t\r\n") == std::string::npos)
    return error_response(400, "invalid_request", "must not be only spaces", "new");
  if (*new_password == *old_password)
    return error_response(400, "invalid_request", "must differ from the old password", "new");
  Sql& sql = ctx.store.sql();
  auto wait = sign_in_blocked(sql, login, c.req.remote_address, ctx.now());
  if (!wait) return status_response(wait.status());
  if (*wait > 0) return too_many_attempts(*wait);
  auto user = check_password(sql, login, *old_password);
  if (!user) return status_response(user.status());
  if (!*user) {
    // A stolen session must not become a way to guess the password.
    if (auto s = record_sign_in_failure(sql, login, c.req.remote_address, ctx.now()); !s)
      return status_response(s);
    return error_response(400, "invalid_request", "the old password is wrong", "old");
  }
  if (auto s = set_password(sql, login, *new_password); !s) return status_response(s);
  // Every session of this account ends, this one too: a stolen cookie is most often a copy
  // of the very session that changes the password. This browser goes on under a new one.
  if (auto s = end_other_sessions(sql, login, ""); !s) return status_response(s);
  auto session = create_session(sql, login, ctx.now());
  if (!session) return status_response(session.status());
  record_change(ctx, c, {"auth.password", "user:" + login, std::nullopt, std::nullopt});
  HttpResponse r{200, Json{{"must_change_password", false}, {"csrf", session->csrf}}};
  r.headers.emplace_back("Set-Cookie", cookie(ctx, session->id, false));
  return r;
}

HttpResponse logout(OfficeContext& ctx, const Call& c) {
  if (!c.actor.session.empty())
    if (auto s = end_session(ctx.store.sql(), c.actor.session); !s) return status_response(s);
  HttpResponse r{200, Json::object()};
  r.headers.emplace_back("Set-Cookie", cookie(ctx, "", true));
  return r;
}

HttpResponse me(OfficeContext& ctx, const Call& c) {
  std::string csrf;
  if (!c.actor.session.empty()) {
    // identify() has just found the session; its token is what the page needs.
    auto s = use_session(ctx.store.sql(), session_cookie(c.req), ctx.now(),
                         SessionLimits{ctx.config.session_idle, ctx.config.session_max});
    if (s && *s) csrf = (*s)->csrf;
  }
  return {200, Json{{"login", account_of(ctx, c.actor)},
                    {"who", c.actor.who},
                    {"role", to_string(c.actor.role)},
                    {"must_change_password", c.actor.must_change_password},
                    {"csrf", csrf}}};
}

}  // namespace

void route_sign_in(OfficeContext& ctx, const HttpRequest& req, common::Respond respond) {
  auto begun = begin_sign_in(ctx, req);
  if (auto* answer = std::get_if<HttpResponse>(&begun)) return respond(std::move(*answer));
  auto s = std::make_shared<SignIn>(std::move(std::get<SignIn>(begun)));
  SignInsUnderWay& under_way = ctx.passwords->under_way();
  if (!under_way.begin(s->counted, s->address)) {
    auto wait = error_response(429, "too_many_attempts",
                               "a sign-in of this login or from this address is being checked; "
                               "try again in a second");
    wait.headers.emplace_back("Retry-After", "1");
    return respond(std::move(wait));
  }
  std::string hash = s->on_file.hash, password = s->password;
  bool queued = ctx.passwords->check(std::move(hash), std::move(password),
                                     [&ctx, s, respond](bool matches) mutable {
                                       ctx.passwords->under_way().end(s->counted, s->address);
                                       respond(finish_sign_in(ctx, *s, matches));
                                     });
  if (!queued) {
    under_way.end(s->counted, s->address);
    auto busy = error_response(503, "busy", "head office is checking many sign-ins; try again");
    busy.headers.emplace_back("Retry-After", "5");
    respond(std::move(busy));
  }
}

std::vector<Route> auth_routes() {
  std::vector<Route> rows;
  rows.push_back({"POST", "/v1/auth/login", kEveryone, login, true});
  rows.push_back({"POST", "/v1/auth/password", kEveryone, change_password, false, true});
  rows.push_back({"POST", "/v1/auth/logout", kEveryone, logout, false, true});
  rows.push_back({"GET", "/v1/auth/me", kEveryone, me, false, true});
  return rows;
}

}  // namespace kopilka::office
