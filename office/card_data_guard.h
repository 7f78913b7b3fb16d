// Head office keeps no bank card's data (scanners.md): a staff request whose JSON body holds
// a bank card's number in any form, or a magnetic stripe's track 1, in any text (a store's
// name, a program's, a template, a campaign's text, a login) is refused before its handler
// runs, naming the field. Passwords are left alone: they are never kept as typed, and one
// that happens to look like a card's number must still sign in.
#pragma once

#include <optional>
#include <string>

#include "common/http_types.h"

namespace kopilka::office {

// The 400 answer for `req`'s body when it holds a bank card's data; nothing otherwise (a
// body that is not JSON is the handler's to refuse).
std::optional<common::HttpResponse> refuse_card_data(const common::HttpRequest& req);

}  // namespace kopilka::office
