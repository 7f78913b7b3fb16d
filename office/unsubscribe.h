// Unsubscribe links (office.md "Notifications": every e-mail has one): a token that proves
// the link was made by this head office for this customer and channel, and the record of
// the customer's choice, which the worker checks before every send.
#pragma once

#include <string>

#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

// The link's token: an HMAC under a key made once per database, so a link stays valid
// across restarts and office processes and cannot be forged for another customer.
core::Result<std::string> unsubscribe_token(Sql& sql, const std::string& customer_id,
                                            const std::string& channel);

// Whether the link is one this head office made (kInvalid otherwise); records nothing, so
// a mail scanner or link preview that opens the link changes no one's choice.
core::Status check_unsubscribe_link(Sql& sql, const std::string& customer_id,
                                    const std::string& channel, const std::string& token);

// Records the unsubscribe when the token is right; kInvalid otherwise.
core::Status unsubscribe(Sql& sql, const std::string& customer_id, const std::string& channel,
                         const std::string& token, core::Instant now);

}  // namespace kopilka::office
