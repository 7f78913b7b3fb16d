// The register fleet (office.md "Stores, registers and chain settings"): what each
// register reports with its sync calls, when head office last heard from it, its state
// (ok, lagging, silent, revoked), renaming, moving between stores, revoking, and the
// enrolment codes still waiting. Written once for both engines over office/sql.h; the
// state rule is a pure function so that it is tested alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/http_types.h"
#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

// What a register says about itself in the headers of a push or pull (docs/sync.md
// "What a register reports"). A value that does not read is left out, never refused: an
// older or odd register still syncs.
struct RegisterReport {
  std::optional<std::string> version;
  std::optional<std::int64_t> pending;
  std::optional<core::Instant> clock;  // the register's clock when it sent the call
  std::optional<std::int64_t> sync_interval_s;
  std::string address{};  // the peer's, for the audit of what the push applies
};

RegisterReport read_register_report(const common::HttpRequest& req);

enum class SyncCall { kPush, kPull };

// Records a sync call from `register_id` at `now`: last_contact, last_pull for a pull, and
// what it reported (clock_skew_s = its clock − now). A push is recorded at most once a
// minute per register (the pull ending every sync always is), so a busy register's pushes
// do not each pay for another commit.
core::Status record_contact(Sql& sql, const std::string& register_id, const RegisterReport& report,
                            SyncCall call, core::Instant now);

inline constexpr std::int64_t kDefaultSyncInterval = 300;  // a register's default
inline constexpr std::int64_t kSilentAfter = 24 * 3600;

struct FleetRegister {
  std::string id, name;
  std::optional<std::string> store;
  core::Instant created = 0;
  std::optional<core::Instant> enrolled, last_contact, last_push, last_pull, revoked;
  std::optional<std::string> version;
  std::optional<std::int64_t> pending, clock_skew_s, sync_interval_s;
};

// ok | lagging | silent | revoked (docs/office.md "Stores and the register fleet"): revoked
// once revoked; else, counting from its last contact (or, never heard from, its enrolment
// or its creation), silent after 24 h without contact and lagging after 3 × its sync
// interval (300 s when it never said).
const char* register_state(const FleetRegister& r, core::Instant now);

core::Result<std::vector<FleetRegister>> list_registers(Sql& sql);
core::Result<std::optional<FleetRegister>> find_register(Sql& sql, const std::string& id);
// The fleet view's row: times in RFC 3339 in `zone`, null when never.
core::Json register_json(const FleetRegister& r, core::Instant now, core::Zone zone);

// Revokes: the credential (and any enrolment code) is forgotten, so every sync call with
// it gets 401 at once. kNotFound for an unknown register; revoking twice changes nothing.
core::Status revoke_register(Sql& sql, const std::string& id, core::Instant now);
// Whether `id` is a register head office revoked (for the 401's message).
core::Result<bool> is_revoked(Sql& sql, const std::string& id);
// Whether the register was enrolled with a technician's code (schema 20, `code_by`). A
// technician adds registers but neither creates programs, chooses a card's groups or
// referrer, nor adjusts points beyond support's limit (office.md, roles): such a register's
// upload and pushed adjustments are held to that (docs/sync.md "Whose code").
core::Result<bool> enrolled_by_technician(Sql& sql, const std::string& register_id);

// Renames and/or moves a register (`store`: a store id, or null for none). kNotFound for
// an unknown register, kInvalid for an empty name or an unknown store.
core::Status update_register(Sql& sql, const std::string& id,
                             const std::optional<std::string>& name,
                             const std::optional<std::optional<std::string>>& store);

// The register a fresh enrolment code was made for (register add gives only the code).
core::Result<std::string> register_of_code(Sql& sql, const std::string& code);

// {"codes": [{"register", "name", "store", "created", "expires"}]}: codes not yet used nor
// expired, never the code itself (only its digest is stored).
core::Result<core::Json> enrolment_codes(Sql& sql, core::Instant now, core::Zone zone);

}  // namespace kopilka::office
