// The PostgreSQL engine's registers: enrolment codes, enrolment (the code's row locked, so
// two processes cannot both use one code), credentials. The rules are register_codes.h's.
#include "office/pg_store.h"
#include "office/register_codes.h"

namespace kopilka::office {

Result<std::string> PgStore::add_register(const std::string& name, core::Instant now) {
  NewRegister r = new_register(now);
  Status s = db_->run(
      "INSERT INTO registers(id, name, code_sha256, code_expires, created) "
      "VALUES ($1, $2, $3, $4::bigint, $5::bigint)",
      {r.id, name, r.code_sha256, std::to_string(r.code_expires), std::to_string(now)});
  if (!s) return s;
  return r.code;
}

Result<Enrolment> PgStore::enroll(const std::string& code, const std::string& proposed_id,
                                  core::Instant now) {
  Enrolment e;
  Status s = pg_transaction(*db_, [&]() -> Status {
    auto row = db_->exec(
        "SELECT id, code_expires, code_by FROM registers WHERE code_sha256 = $1 AND "
        "secret_sha256 IS NULL FOR UPDATE",
        {enrol_code_sha256(code)});
    if (!row) return row.status();
    std::optional<core::Instant> expires;
    if (row->rows() > 0) expires = row->int64(0, 1);
    if (Status c = check_enrol_code(expires, now); !c) return c;
    e.register_id = row->text(0, 0);
    // Carried onto the register's row, also when a revoked register comes back in its place.
    const std::string code_by = row->is_null(0, 2) ? "" : row->text(0, 2);
    e.code_row = e.register_id;
    e.code_by = code_by;
    if (wants_own_id(proposed_id, e.register_id)) {
      auto taken = db_->exec("SELECT revoked IS NOT NULL FROM registers WHERE id = $1 FOR UPDATE",
                             {proposed_id});
      if (!taken) return taken.status();
      const bool found = taken->rows() > 0;
      const bool revoked = found && taken->text(0, 0) == "t";
      if (Status c = check_own_id(proposed_id, found, revoked); !c) return c;
      // A new register takes the id; a revoked one comes back in place of the code's row.
      Status moved = revoked ? db_->run("DELETE FROM registers WHERE id = $1", {e.register_id})
                             : db_->run("UPDATE registers SET id = $2 WHERE id = $1",
                                        {e.register_id, proposed_id});
      if (!moved) return moved;
      e.register_id = proposed_id;
      e.came_back = revoked;
    }
    NewCredential c = new_credential(e.register_id);
    e.credential = c.credential;
    return db_->run(
        "UPDATE registers SET secret_sha256 = $2, code_sha256 = NULL, enrolled = $3::bigint, "
        "revoked = NULL, uploads_open = 1, code_by = NULLIF($4, '') WHERE id = $1",
        {e.register_id, c.secret_sha256, std::to_string(now), code_by});
  });
  if (!s) return s;
  return e;
}

Result<std::string> PgStore::authenticate(const std::string& credential) {
  auto id = credential_register(credential);
  if (!id) return id.status();
  auto row = db_->exec("SELECT secret_sha256 FROM registers WHERE id = $1", {*id});
  if (!row) return row.status();
  std::optional<std::string> stored;
  if (row->rows() > 0 && !row->is_null(0, 0)) stored = row->text(0, 0);
  return check_credential(credential, stored);
}

}  // namespace kopilka::office
