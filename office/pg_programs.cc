// The PostgreSQL engine's programs: documents by id, deleted as tombstones registers see.
#include "office/pg_store.h"

namespace kopilka::office {

Result<bool> PgStore::put_program(const std::string& id, const std::string& document) {
  bool created = false;
  Status s = pg_transaction(*db_, [&]() -> Status {
    auto old = get_program(id);
    if (!old) return old.status();
    created = !old->has_value();
    auto seq = take_numbers(1);
    if (!seq) return seq.status();
    return db_->run(
        "INSERT INTO programs(id, document, seq) VALUES ($1, $2, $3::bigint) "
        "ON CONFLICT(id) DO UPDATE SET document = $2, seq = $3::bigint",
        {id, document, std::to_string(*seq)});
  });
  if (!s) return s;
  if (Status r = reload_programs(); !r) return r;
  return created;
}

Result<std::optional<std::string>> PgStore::get_program(const std::string& id) {
  auto r = db_->exec("SELECT document FROM programs WHERE id = $1 AND document IS NOT NULL", {id});
  if (!r) return r.status();
  std::optional<std::string> doc;
  if (r->rows() > 0) doc = r->text(0, 0);
  return doc;
}

Result<std::vector<std::string>> PgStore::list_programs() {
  auto r = db_->exec("SELECT document FROM programs WHERE document IS NOT NULL ORDER BY id");
  if (!r) return r.status();
  std::vector<std::string> docs;
  for (int i = 0; i < r->rows(); ++i) docs.push_back(r->text(i, 0));
  return docs;
}

Result<bool> PgStore::delete_program(const std::string& id) {
  bool existed = false;
  Status s = pg_transaction(*db_, [&]() -> Status {
    auto old = get_program(id);
    if (!old) return old.status();
    existed = old->has_value();
    if (!existed) return Status::ok();
    auto seq = take_numbers(1);
    if (!seq) return seq.status();
    return db_->run("UPDATE programs SET document = NULL, seq = $2::bigint WHERE id = $1",
                    {id, std::to_string(*seq)});
  });
  if (!s) return s;
  if (Status r = reload_programs(); !r) return r;
  return existed;
}

}  // namespace kopilka::office
