// Who a staff request comes from (office.md "Staff, roles and audit"): the config's
// admin_token (an owner), a personal API token, or a browser session. A register
// credential reaches only /v1/sync/*.
#pragma once

#include <variant>

#include "common/http_types.h"
#include "office/actor.h"

namespace kopilka::office {

struct OfficeContext;

// The caller, or the answer refusing the request (401, 403).
std::variant<Actor, common::HttpResponse> identify(OfficeContext& ctx,
                                                   const common::HttpRequest& req);

}  // namespace kopilka::office
