// The audit log (office.md "Staff, roles and audit"): every change a person or a token
// makes at head office, appended with who, when, from which address, what, before and
// after; read back filtered by who, object, action and time. Written once for both
// engines over office/sql.h; nothing here edits or deletes an entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/actor.h"
#include "office/sql.h"

namespace kopilka::office {

struct AuditRecord {
  std::string action;                // "program.update", "card.replace" …
  std::string object;                // "program:b10", "card:2000000000015" …
  std::optional<core::Json> before;  // none when the object was created
  std::optional<core::Json> after;   // none when it was deleted
};

core::Status append_audit(Sql& sql, const Actor& actor, core::Instant at,
                          const AuditRecord& record);

struct AuditQuery {
  std::string who;     // exact; empty: anyone
  std::string object;  // exact ("card:2000…") or a kind prefix ending in ':' ("card:")
  std::string action;  // exact; empty: any
  std::optional<core::Instant> from, to;  // inclusive
  std::optional<std::int64_t> before_id;  // paging: entries older than this id
  std::int64_t limit = 100;
};

// The points one staff account's adjustments moved (their sizes, added or taken, summed)
// at `since` or later: what its `points.adjust` entries record, made by the login itself or
// by any of its tokens (their `after` carries the account), and the birthday gifts its
// edits made due at once (`card.birthday_gift`, office/birthday_guard.h).
core::Result<std::int64_t> points_adjusted_by(Sql& sql, const std::string& account,
                                              core::Instant since);

// {"entries": [{"id", "at", "who", "address", "action", "object", "before", "after"}]},
// newest first; `at` in RFC 3339 in `zone`.
core::Result<core::Json> read_audit(Sql& sql, const AuditQuery& query, core::Zone zone);

}  // namespace kopilka::office
