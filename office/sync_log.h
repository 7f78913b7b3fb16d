// The office's log of what registers do: one info line per enrolment, per push (register,
// entries, milliseconds) and per refusal, so a technician can follow a register's syncs in
// the journal without a debugger. Register-supplied text is escaped by the log formatter.
#pragma once

#include <string>

#include "common/http_types.h"

namespace kopilka::office {

// Wraps a push's answer so that, when it is sent, one line says how the push ended:
// "push from register r-1a2b3c4d: 12 entries (10 new, 1 refused), 35 ms" (every entry is
// acked or refused), or "push from register r-… refused with 403 foreign_entry: … (2 ms)".
common::Respond logging_push(std::string register_id, common::Respond respond);

// "register r-1a2b3c4d enrolled".
void log_enrolled(const std::string& register_id);

// A sync request refused before it did anything (bad credential, enrolment code, protocol):
// "sync WHAT refused with STATUS CODE: message".
void log_refused(const std::string& what, const common::HttpResponse& answer);

}  // namespace kopilka::office
