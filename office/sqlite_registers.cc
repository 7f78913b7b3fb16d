// The SQLite engine's registers: one-time enrolment codes, enrolment, and the credential
// check every sync request starts with. The rules are register_codes.h's.
#include "office/register_codes.h"
#include "office/sqlite_store.h"

namespace kopilka::office {

using common::in_transaction;

Result<std::string> SqliteStore::add_register(const std::string& name, core::Instant now) {
  NewRegister r = new_register(now);
  Status s = in_transaction(*db_, [&] {
    auto st = db_->prepare(
        "INSERT INTO registers(id, name, code_sha256, code_expires, created) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return st.status();
    return st->bind(1, r.id)
        .bind(2, name)
        .bind(3, r.code_sha256)
        .bind(4, r.code_expires)
        .bind(5, now)
        .run();
  });
  if (!s) return s;
  return r.code;
}

Result<Enrolment> SqliteStore::enroll(const std::string& code, const std::string& proposed_id,
                                      core::Instant now) {
  Enrolment e;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto st = db_->prepare(
        "SELECT id, code_expires, code_by FROM registers WHERE code_sha256 = ?1 AND "
        "secret_sha256 IS NULL");
    if (!st) return st.status();
    st->bind(1, enrol_code_sha256(code));
    auto row = st->step();
    if (!row) return row.status();
    std::optional<core::Instant> expires;
    if (*row) expires = st->int64(1);
    if (*row) e.register_id = st->text(0);
    // Carried onto the register's row, also when a revoked register comes back in its place.
    std::optional<std::string> code_by;
    if (*row && !st->is_null(2)) code_by = st->text(2);
    st->reset();
    e.code_row = e.register_id;
    e.code_by = code_by.value_or("");
    if (Status c = check_enrol_code(expires, now); !c) return c;
    if (wants_own_id(proposed_id, e.register_id)) {
      auto taken = db_->prepare("SELECT revoked IS NOT NULL FROM registers WHERE id = ?1");
      if (!taken) return taken.status();
      taken->bind(1, proposed_id);
      auto found = taken->step();
      if (!found) return found.status();
      const bool revoked = *found && taken->int64(0) != 0;
      taken->reset();
      if (Status c = check_own_id(proposed_id, *found, revoked); !c) return c;
      // A new register takes the id; a revoked one comes back in place of the code's row.
      auto move = db_->prepare(revoked ? "DELETE FROM registers WHERE id = ?1"
                                       : "UPDATE registers SET id = ?2 WHERE id = ?1");
      if (!move) return move.status();
      move->bind(1, e.register_id);
      if (!revoked) move->bind(2, proposed_id);
      if (Status r = move->run(); !r) return r;
      e.register_id = proposed_id;
      e.came_back = revoked;
    }
    NewCredential c = new_credential(e.register_id);
    e.credential = c.credential;
    auto up = db_->prepare(
        "UPDATE registers SET secret_sha256 = ?2, code_sha256 = NULL, enrolled = ?3, "
        "revoked = NULL, uploads_open = 1, code_by = ?4 WHERE id = ?1");
    if (!up) return up.status();
    return up->bind(1, e.register_id)
        .bind(2, c.secret_sha256)
        .bind(3, now)
        .bind_optional(4, code_by)
        .run();
  });
  if (!s) return s;
  return e;
}

Result<std::string> SqliteStore::authenticate(const std::string& credential) {
  auto id = credential_register(credential);
  if (!id) return id.status();
  auto st = db_->prepare("SELECT secret_sha256 FROM registers WHERE id = ?1");
  if (!st) return st.status();
  st->bind(1, *id);
  auto row = st->step();
  if (!row) return row.status();
  std::optional<std::string> stored;
  if (*row && !st->is_null(0)) stored = st->text(0);
  st->reset();
  return check_credential(credential, stored);
}

}  // namespace kopilka::office
