// A register's enrolment code and credential, the same on every storage engine: the new
// register's id and one-time code (and how long it lives), the checks enrolment makes, and
// the check of the credential every sync request carries. The engines only keep the rows.
#pragma once

#include <optional>
#include <string>

#include "core/status.h"
#include "core/time.h"

namespace kopilka::office {

// A register just added: its id, the code to give the technician, and what is stored.
struct NewRegister {
  std::string id;
  std::string code;
  std::string code_sha256;
  core::Instant code_expires = 0;
};

NewRegister new_register(core::Instant now);

// The digest a code is looked up by.
std::string enrol_code_sha256(const std::string& code);

// How long an enrolment code may be used after `register add`.
inline constexpr core::Instant kCodeLifetime = 24 * 3600;

// kConflict unless a register waits for this code (`expires`: its code's expiry) in time.
core::Status check_enrol_code(std::optional<core::Instant> expires, core::Instant now);

// Whether the register asks to keep an id of its own instead of `assigned`.
bool wants_own_id(const std::string& proposed_id, const std::string& assigned);

// A proposed id another register has is refused (kConflict); one of a revoked register is
// taken back: a revoked register brought back with a new code keeps its id, so the entries
// it journalled under that id while refused still reach head office (office.md "Revoke").
core::Status check_own_id(const std::string& proposed_id, bool taken, bool revoked);

// The credential an enrolled register is given, and the digest stored for it.
struct NewCredential {
  std::string credential;
  std::string secret_sha256;
};

NewCredential new_credential(const std::string& register_id);

// The register id a credential names (kNotFound when it is malformed).
core::Result<std::string> credential_register(const std::string& credential);

// The register id when the credential's secret matches `stored_sha256` (the register's
// stored digest; nothing when it has none or is unknown), else kNotFound.
core::Result<std::string> check_credential(const std::string& credential,
                                           const std::optional<std::string>& stored_sha256);

}  // namespace kopilka::office
