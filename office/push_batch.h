// A register's push as head office's storage sees it: each journal entry read and checked
// before any storage is touched, the batches waiting for a group commit, and their outcome.
// Engine-independent: both storage engines apply the same PushEntry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/effects.h"
#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/report_facts.h"

namespace kopilka::office {

// An entry head office will not apply: invalid, or it would overflow its card.
struct RefusedEntry {
  std::string id;
  core::Status why;  // kInvalid, naming the entry's field
};

struct PushResult {
  std::vector<std::string> acked;
  std::size_t applied = 0;  // entries new to head office in this batch
  std::vector<RefusedEntry> refused;
};

// One journal entry of a push: its id is the register's own; `problem` is not ok when the
// rest of it is not an entry the register's API could have written (docs/sync.md).
struct PushEntry {
  std::string id, kind, card, body;
  core::Instant at = 0;
  core::CardEffects effects;
  core::Status problem;
  std::optional<ReportFacts> report;  // a receipt's, refund's or cancellation's, for the reports
  // Pushed by a register enrolled with a technician's code: its returns are checked against
  // what head office holds of their receipt (technician_returns.h).
  bool from_technician = false;
};

// A register's validated batch waiting for the next group commit, and its outcome.
struct PendingPush {
  std::string register_id;
  std::vector<PushEntry> entries;
  PushResult result;
  // The register held nothing beyond these entries when it sent them (its Kopilka-Pending
  // was at most their number, or it did not say): once applied, it is caught up.
  bool carries_all = true;
  std::string address{};  // the register's peer address, for the audit
};

// Whether the register held nothing head office lacks once `push` was applied: it carried
// all the register held and head office refused none of it (a refused entry stays at the
// register, a receipt the reports lack, until a technician sees to it: docs/sync.md).
inline bool caught_up_by(const PendingPush& push) {
  return push.carries_all && push.result.refused.empty();
}

// Whether a push of `entries` with the register's Kopilka-Pending carries all it held.
inline bool push_carries_all(const std::optional<std::int64_t>& pending, std::size_t entries) {
  return !pending || *pending <= static_cast<std::int64_t>(entries);
}

// A batch checked without touching the store. An entry without a string id refuses the
// batch (kInvalid), another register's entry too (kConflict); an entry of this register
// that is malformed or beyond the register's limits (core/entry_limits.h) is kept with
// its `problem`, to be refused alone.
core::Result<std::vector<PushEntry>> parse_push(const std::string& register_id,
                                                const core::Json& entries);

}  // namespace kopilka::office
