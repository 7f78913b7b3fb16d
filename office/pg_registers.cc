// The PostgreSQL engine's registers: enrolment codes, enrolment (the code's row locked, so
// two processes cannot both use one code), credentials.
#include "common/secrets.h"
#include "office/pg_store.h"

namespace kopilka::office {

using common::equal_constant_time;
using common::random_enrol_code;
using common::random_hex;
using common::sha256_hex;

namespace {

constexpr core::Instant kCodeLifetime = 24 * 3600;

}  // namespace

Result<std::string> PgStore::add_register(const std::string& name, core::Instant now) {
  std::string id = "r-" + random_hex(4);
  std::string code = random_enrol_code();
  Status s = db_->run(
      "INSERT INTO registers(id, name, code_sha256, code_expires, created) "
      "VALUES ($1, $2, $3, $4::bigint, $5::bigint)",
      {id, name, sha256_hex(code), std::to_string(now + kCodeLifetime), std::to_string(now)});
  if (!s) return s;
  return code;
}

Result<Enrolment> PgStore::enroll(const std::string& code, const std::string& proposed_id,
                                  core::Instant now) {
  Enrolment e;
  Status s = pg_transaction(*db_, [&]() -> Status {
    auto row = db_->exec(
        "SELECT id, code_expires FROM registers WHERE code_sha256 = $1 AND secret_sha256 IS NULL "
        "FOR UPDATE",
        {sha256_hex(code)});
    if (!row) return row.status();
    if (row->rows() == 0 || row->int64(0, 1) < now)
      return Status(core::Code::kConflict, "the enrolment code is unknown, used or expired");
    e.register_id = row->text(0, 0);
    if (!proposed_id.empty() && proposed_id != e.register_id) {
      auto taken = db_->exec("SELECT 1 FROM registers WHERE id = $1", {proposed_id});
      if (!taken) return taken.status();
      if (taken->rows() > 0)
        return Status(core::Code::kConflict,
                      "register id " + proposed_id + " belongs to another register");
      if (Status r =
              db_->run("UPDATE registers SET id = $2 WHERE id = $1", {e.register_id, proposed_id});
          !r)
        return r;
      e.register_id = proposed_id;
    }
    std::string secret = random_hex(32);
    e.credential = e.register_id + "." + secret;
    return db_->run(
        "UPDATE registers SET secret_sha256 = $2, code_sha256 = NULL, enrolled = $3::bigint "
        "WHERE id = $1",
        {e.register_id, sha256_hex(secret), std::to_string(now)});
  });
  if (!s) return s;
  return e;
}

Result<std::string> PgStore::authenticate(const std::string& credential) {
  auto dot = credential.find('.');
  if (dot == std::string::npos) return Status::not_found("malformed credential");
  std::string id = credential.substr(0, dot);
  auto row = db_->exec("SELECT secret_sha256 FROM registers WHERE id = $1", {id});
  if (!row) return row.status();
  bool ok = row->rows() > 0 && !row->is_null(0, 0) &&
            equal_constant_time(row->text(0, 0), sha256_hex(credential.substr(dot + 1)));
  if (!ok) return Status::not_found("unknown credential");
  return id;
}

}  // namespace kopilka::office
