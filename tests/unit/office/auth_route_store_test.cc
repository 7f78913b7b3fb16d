// Sign-in through head office's dispatcher (office/routes.h) on both engines: the cookie's
// attributes when head office serves HTTPS (Secure) and the order of the checks a session's
// request meets (CSRF, then the one-time password gate, then the role).
#include <doctest/doctest.h>

#include "office/routes.h"
#include "office/staff.h"
#include "test_support/office_store.h"

using namespace kopilka;
using office::test::TempStore;

namespace {

common::HttpRequest post(const std::string& path, const std::string& body) {
  common::HttpRequest r;
  r.method = "POST";
  r.path = path;
  r.body = body;
  r.content_type = "application/json";
  r.remote_address = "192.0.2.7";
  return r;
}

std::string header(const common::HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

}  // namespace

TEST_CASE("over HTTPS the session cookie is Secure, and a session's checks come in order") {
  TempStore t;
  office::OfficeConfig config;
  config.admin_token = "admin-token-0123456789";
  config.insecure_http = false;
  office::OfficeContext ctx{*t.store, config, [] { return core::Instant{1'780'000'000}; }};
  auto password = office::add_user(t.store->sql(), "anna", office::kAuditor, ctx.now());
  REQUIRE(password.ok());

  auto login = post("/v1/auth/login", "{\"login\":\"anna\",\"password\":\"" + *password + "\"}");
  login.content_type = "text/plain";  // what a form of another site can send
  CHECK(office::route(ctx, login).status == 415);
  login.content_type = "Application/JSON; charset=utf-8";
  auto in = office::route(ctx, login);
  REQUIRE(in.status == 200);
  const std::string cookie = header(in, "Set-Cookie");
  CHECK(cookie.find("; Path=/; HttpOnly; SameSite=Strict; Secure") != std::string::npos);
  const std::string id = cookie.substr(16, cookie.find(';') - 16);
  CHECK(cookie.rfind("kopilka_session=" + id + ";", 0) == 0);

  auto as_anna = [&](common::HttpRequest r, const std::string& csrf) {
    r.cookie = "other=1; kopilka_session=" + id;
    r.csrf_token = csrf;
    return office::route(ctx, r);
  };
  const std::string csrf = in.body["csrf"].get<std::string>();
  // An auditor may not add users: but first the CSRF token, then the password gate.
  auto add = post("/v1/admin/users", "");
  CHECK(as_anna(add, "").body["error"]["code"] == "csrf_failed");
  CHECK(as_anna(add, csrf).body["error"]["code"] == "password_change_required");
  auto changed = as_anna(
      post("/v1/auth/password", "{\"old\":\"" + *password + "\",\"new\":\"a long new password\"}"),
      csrf);
  REQUIRE(changed.status == 200);
  // The change ended this session too; the answer starts a new one, its cookie Secure too.
  CHECK(as_anna(add, csrf).status == 401);
  const std::string renewed = header(changed, "Set-Cookie");
  CHECK(renewed.find("; Path=/; HttpOnly; SameSite=Strict; Secure") != std::string::npos);
  const std::string new_id = renewed.substr(16, renewed.find(';') - 16);
  CHECK(new_id != id);
  common::HttpRequest again = add;
  again.cookie = "kopilka_session=" + new_id;
  again.csrf_token = changed.body["csrf"].get<std::string>();
  auto refused = office::route(ctx, again);
  CHECK(refused.status == 403);
  CHECK(refused.body["error"]["code"] == "forbidden");
  auto audit = t.store->sql().query("SELECT who, address, action FROM audit");
  REQUIRE(audit.ok());
  REQUIRE(audit->size() == 1);
  CHECK((*audit)[0].text(0) == "anna");
  CHECK((*audit)[0].text(1) == "192.0.2.7");
  CHECK((*audit)[0].text(2) == "auth.password");
}
