// The SQLite engine's programs: documents by id, deleted as tombstones registers see.
#include "office/sqlite_store.h"
#include "office/stored_text.h"

namespace kopilka::office {

using common::in_transaction;
using core::Json;

Status SqliteStore::reload_programs() {
  auto st =
      db_->prepare("SELECT id, document FROM programs WHERE document IS NOT NULL ORDER BY id");
  if (!st) return st.status();
  std::vector<Json> docs;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    auto doc = parse_stored(st->text(1), "program " + st->text(0));
    if (!doc) return doc.status();
    docs.push_back(std::move(*doc));
  }
  auto set = core::ProgramSet::build(docs);
  if (!set) return Status::corrupt("stored programs are invalid: " + set.status().message());
  programs_ = std::move(*set);
  return Status::ok();
}

Result<bool> SqliteStore::put_program(const std::string& id, const std::string& document) {
  bool created = false;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto old = get_program(id);
    if (!old) return old.status();
    created = !old->has_value();
    auto seq = read_seq();
    if (!seq) return seq.status();
    auto st = db_->prepare(
        "INSERT INTO programs(id, document, seq) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(id) DO UPDATE SET document = ?2, seq = ?3");
    if (!st) return st.status();
    if (Status e = st->bind(1, id).bind(2, document).bind(3, *seq + 1).run(); !e) return e;
    return write_seq(*seq + 1);
  });
  if (!s) return s;
  if (Status r = reload_programs(); !r) return r;
  return created;
}

Result<std::optional<std::string>> SqliteStore::get_program(const std::string& id) {
  auto st = db_->prepare("SELECT document FROM programs WHERE id = ?1 AND document IS NOT NULL");
  if (!st) return st.status();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.status();
  std::optional<std::string> doc;
  if (*row) doc = st->text(0);
  st->reset();
  return doc;
}

Result<std::vector<std::string>> SqliteStore::list_programs() {
  auto st = db_->prepare("SELECT document FROM programs WHERE document IS NOT NULL ORDER BY id");
  if (!st) return st.status();
  std::vector<std::string> docs;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    docs.push_back(st->text(0));
  }
  return docs;
}

Result<bool> SqliteStore::delete_program(const std::string& id) {
  bool existed = false;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto old = get_program(id);
    if (!old) return old.status();
    existed = old->has_value();
    if (!existed) return Status::ok();
    auto seq = read_seq();
    if (!seq) return seq.status();
    auto st = db_->prepare("UPDATE programs SET document = NULL, seq = ?2 WHERE id = ?1");
    if (!st) return st.status();
    if (Status e = st->bind(1, id).bind(2, *seq + 1).run(); !e) return e;
    return write_seq(*seq + 1);
  });
  if (!s) return s;
  if (Status r = reload_programs(); !r) return r;
  return existed;
}

}  // namespace kopilka::office
