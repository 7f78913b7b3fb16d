// Program documents in the register store, kept as the admin API received them (exact
// numbers as text); the daemon builds its core::ProgramSet from them at start and after
// every change.
#include "register/store.h"

#include "core/json_exact.h"

namespace kopilka::daemon {

Result<std::vector<Json>> Store::program_documents() {
  auto st = db_->prepare("SELECT id, document FROM programs ORDER BY id");
  if (!st) return st.status();
  std::vector<Json> docs;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    auto doc = core::parse_stored(st->text(1), "program " + st->text(0));
    if (!doc) return doc.status();
    docs.push_back(std::move(*doc));
  }
  return docs;
}

Result<std::optional<Json>> Store::program_document(const std::string& id) {
  auto st = db_->prepare("SELECT document FROM programs WHERE id = ?1");
  if (!st) return st.status();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<Json>();
  std::string text = st->text(0);
  st->reset();
  auto doc = core::parse_stored(text, "program " + id);
  if (!doc) return doc.status();
  return std::optional<Json>(std::move(*doc));
}

Result<bool> Store::put_program(const std::string& id, const Json& document, core::Instant now) {
  auto old = program_document(id);
  if (!old) return old.status();
  auto st = db_->prepare(
      "INSERT INTO programs(id, document, updated) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(id) DO UPDATE SET document = ?2, updated = ?3");
  if (!st) return st.status();
  if (Status s = st->bind(1, id).bind(2, core::json_plain(document).dump()).bind(3, now).run(); !s)
    return s;
  return !old->has_value();
}

Result<bool> Store::delete_program(const std::string& id) {
  auto st = db_->prepare("DELETE FROM programs WHERE id = ?1");
  if (!st) return st.status();
  if (Status s = st->bind(1, id).run(); !s) return s;
  return db_->changes() > 0;
}

}  // namespace kopilka::daemon
