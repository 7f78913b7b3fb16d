// Enrolment codes and credentials, shared by both storage engines (register_codes.h).
#include "office/register_codes.h"

#include "common/secrets.h"

namespace kopilka::office {

using common::sha256_hex;
using core::Status;

NewRegister new_register(core::Instant now) {
  NewRegister r;
  r.id = "r-" + common::random_hex(4);
  r.code = common::random_enrol_code();
  r.code_sha256 = sha256_hex(r.code);
  r.code_expires = now + kCodeLifetime;
  return r;
}

std::string enrol_code_sha256(const std::string& code) {
  // "k7qx 3mpa 9tzd" read aloud over the phone is the code "K7QX-3MPA-9TZD".
  return sha256_hex(common::canonical_enrol_code(code));
}

Status check_enrol_code(std::optional<core::Instant> expires, core::Instant now) {
  if (!expires || *expires < now)
    return Status(core::Code::kConflict,
                  "the enrolment code is unknown, used or expired: a code lasts 24 hours and "
                  "serves once; ask head office for a new one (kopilka-office register add "
                  "NAME, or Registers in the web admin)");
  return Status::ok();
}

bool wants_own_id(const std::string& proposed_id, const std::string& assigned) {
  return !proposed_id.empty() && proposed_id != assigned;
}

Status check_own_id(const std::string& proposed_id, bool taken, bool revoked) {
  if (taken && !revoked)
    return Status(core::Code::kConflict,
                  "register id " + proposed_id +
                      " belongs to another register; if it is this register and its "
                      "credential was lost, revoke it first (kopilka-office register revoke " +
                      proposed_id + ", or Registers in the web admin), then enrol with a new code");
  return Status::ok();
}

NewCredential new_credential(const std::string& register_id) {
  std::string secret = common::random_hex(32);
  return {register_id + "." + secret, sha256_hex(secret)};
}

core::Result<std::string> credential_register(const std::string& credential) {
  auto dot = credential.find('.');
  if (dot == std::string::npos) return Status::not_found("malformed credential");
  return credential.substr(0, dot);
}

core::Result<std::string> check_credential(const std::string& credential,
                                           const std::optional<std::string>& stored_sha256) {
  auto id = credential_register(credential);
  if (!id) return id.status();
  bool ok = stored_sha256 && common::equal_constant_time(
                                 *stored_sha256, sha256_hex(credential.substr(id->size() + 1)));
  if (!ok) return Status::not_found("unknown credential");
  return id;
}

}  // namespace kopilka::office
