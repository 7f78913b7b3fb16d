// Who a staff request comes from (office.md "Staff, roles and audit"): the config's
// admin_token (an owner), a personal API token, or a browser session. A register
// credential reaches only /v1/sync/*.
#pragma once

#include <string>
#include <variant>

#include "common/http_types.h"
#include "office/actor.h"

namespace kopilka::office {

struct OfficeContext;

inline constexpr const char* kSessionCookie = "kopilka_session";

// The caller, or the answer refusing the request (401, 403). A session's unsafe request
// (POST, PUT, DELETE, PATCH) must carry its CSRF token in X-CSRF-Token, else 403 csrf_failed.
std::variant<Actor, common::HttpResponse> identify(OfficeContext& ctx,
                                                   const common::HttpRequest& req);

// The value of the session cookie in the request's Cookie header, "" when absent.
std::string session_cookie(const common::HttpRequest& req);

// The account behind an actor: the login of a session, of a token's owner; "" for the
// config's admin_token, which belongs to no account.
std::string account_of(OfficeContext& ctx, const Actor& actor);

}  // namespace kopilka::office
