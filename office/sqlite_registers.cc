// The SQLite engine's registers: one-time enrolment codes, enrolment, and the credential
// check every sync request starts with.
#include "common/secrets.h"
#include "office/sqlite_store.h"

namespace kopilka::office {

using common::equal_constant_time;
using common::in_transaction;
using common::random_enrol_code;
using common::random_hex;
using common::sha256_hex;

namespace {

constexpr core::Instant kCodeLifetime = 24 * 3600;

}  // namespace

Result<std::string> SqliteStore::add_register(const std::string& name, core::Instant now) {
  std::string id = "r-" + random_hex(4);
  std::string code = random_enrol_code();
  Status s = in_transaction(*db_, [&] {
    auto st = db_->prepare(
        "INSERT INTO registers(id, name, code_sha256, code_expires, created) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return st.status();
    return st->bind(1, id)
        .bind(2, name)
        .bind(3, sha256_hex(code))
        .bind(4, now + kCodeLifetime)
        .bind(5, now)
        .run();
  });
  if (!s) return s;
  return code;
}

Result<Enrolment> SqliteStore::enroll(const std::string& code, const std::string& proposed_id,
                                      core::Instant now) {
  Enrolment e;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto st = db_->prepare(
        "SELECT id, code_expires FROM registers WHERE code_sha256 = ?1 AND secret_sha256 IS NULL");
    if (!st) return st.status();
    st->bind(1, sha256_hex(code));
    auto row = st->step();
    if (!row) return row.status();
    if (!*row || st->int64(1) < now) {
      st->reset();
      return Status(core::Code::kConflict, "the enrolment code is unknown, used or expired");
    }
    e.register_id = st->text(0);
    st->reset();
    if (!proposed_id.empty() && proposed_id != e.register_id) {
      auto taken = db_->prepare("SELECT 1 FROM registers WHERE id = ?1");
      if (!taken) return taken.status();
      taken->bind(1, proposed_id);
      auto row = taken->step();
      if (!row) return row.status();
      taken->reset();
      if (*row)
        return Status(core::Code::kConflict,
                      "register id " + proposed_id + " belongs to another register");
      auto rename = db_->prepare("UPDATE registers SET id = ?2 WHERE id = ?1");
      if (!rename) return rename.status();
      if (Status r = rename->bind(1, e.register_id).bind(2, proposed_id).run(); !r) return r;
      e.register_id = proposed_id;
    }
    std::string secret = random_hex(32);
    e.credential = e.register_id + "." + secret;
    auto up = db_->prepare(
        "UPDATE registers SET secret_sha256 = ?2, code_sha256 = NULL, enrolled = ?3 WHERE id = ?1");
    if (!up) return up.status();
    return up->bind(1, e.register_id).bind(2, sha256_hex(secret)).bind(3, now).run();
  });
  if (!s) return s;
  return e;
}

Result<std::string> SqliteStore::authenticate(const std::string& credential) {
  auto dot = credential.find('.');
  if (dot == std::string::npos) return Status::not_found("malformed credential");
  std::string id = credential.substr(0, dot);
  auto st = db_->prepare("SELECT secret_sha256 FROM registers WHERE id = ?1");
  if (!st) return st.status();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.status();
  bool ok = *row && !st->is_null(0) &&
            equal_constant_time(st->text(0), sha256_hex(credential.substr(dot + 1)));
  st->reset();
  if (!ok) return Status::not_found("unknown credential");
  return id;
}

}  // namespace kopilka::office
