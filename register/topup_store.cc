// Wallet top-ups in the register store (schema/register/006_topups.sql): the stored answer
// and request hash that make POST /v1/wallet/topup idempotent by topup_id.
#include "core/json_exact.h"
#include "register/store.h"

namespace kopilka::daemon {

Result<std::optional<StoredTopup>> Store::get_topup(const std::string& topup_id) {
  auto st =
      db_->prepare("SELECT card, body_sha256, entry_id, response FROM topups WHERE topup_id = ?1");
  if (!st) return st.status();
  st->bind(1, topup_id);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<StoredTopup>();
  StoredTopup t;
  t.topup_id = topup_id;
  t.card = st->text(0);
  t.body_sha256 = st->text(1);
  t.entry_id = st->text(2);
  std::string response = st->text(3);
  st->reset();
  auto j = core::parse_stored_plain(response, "top-up " + topup_id);
  if (!j) return j.status();
  t.response = std::move(*j);
  return std::optional<StoredTopup>(std::move(t));
}

Status Store::insert_topup(const StoredTopup& t) {
  auto st = db_->prepare(
      "INSERT INTO topups(topup_id, card, body_sha256, entry_id, response) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st) return st.status();
  return st->bind(1, t.topup_id)
      .bind(2, t.card)
      .bind(3, t.body_sha256)
      .bind(4, t.entry_id)
      .bind(5, t.response.dump())
      .run();
}

}  // namespace kopilka::daemon
