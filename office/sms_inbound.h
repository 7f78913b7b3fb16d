// A customer's SMS reply handed on by the gateway (office.md "Notifications": every SMS
// honours STOP). A reply of STOP or СТОП, in any case and with blanks around it, withdraws
// SMS consent from every customer with the sender's phone, on all their cards (so registers
// see it at their next pull), and SMS already queued for them are suppressed at once.
// Any other reply is ignored: head office has nothing to answer it with.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/consent_withdrawal.h"
#include "office/storage.h"

namespace kopilka::office {

// True for "STOP", "стоп", "  Stop\n", "СТОП."; false for "STOP IT", "stopped", "".
bool is_stop_reply(std::string_view text);

// The gateway's call, from a JSON body {"phone", "text"} or a form body phone=…&text=…;
// the phone in E.164. Errors name the field.
struct InboundSms {
  std::string phone;
  std::string text;
};
core::Result<InboundSms> parse_inbound_sms(const std::string& body);

// Withdraws SMS consent from the customers with `phone` (E.164) and suppresses their queued
// SMS (reason "unsubscribed"). Each customer's contacts before and after, for the audit.
using StoppedCustomer = Withdrawal;
core::Result<std::vector<StoppedCustomer>> stop_sms(Storage& store, const std::string& phone,
                                                    core::Instant now);

}  // namespace kopilka::office
