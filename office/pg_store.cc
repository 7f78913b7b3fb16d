// The PostgreSQL engine's opening, migrations, numbers, card locks and programs cache;
// see pg_store.h.
#include "office/pg_store.h"

#include <algorithm>

#include "common/migrations.h"
#include "common/systemd_notify.h"
#include "core/card_state_text.h"
#include "office/lock_keys.h"
#include "office/stored_text.h"

namespace kopilka::schema {
const std::vector<std::string>& office_pg_migrations();
}

namespace kopilka::office {

namespace {

// The advisory lock (two-key form, apart from the cards' one-key locks) that lets one
// process at a time migrate.
const char* const kMigrationLock = "SELECT pg_advisory_xact_lock(20261130, 1)";

}  // namespace

const char* const PgStore::kTakeNumbers =
    "UPDATE server_seq SET seq = seq + $1::bigint RETURNING seq";

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& uri,
                                               const core::Settings& settings) {
  auto conn = PgConn::connect(uri);
  if (!conn) return conn.status();
  PgConn& db = **conn;
  const auto& migrations = schema::office_pg_migrations();
  Status s = pg_transaction(db, [&]() -> Status {
    if (Status l = db.run(kMigrationLock); !l) return l;
    if (Status c = db.run("CREATE TABLE IF NOT EXISTS kopilka_schema (version INTEGER NOT NULL)");
        !c)
      return c;
    auto v = db.exec("SELECT version FROM kopilka_schema");
    if (!v) return v.status();
    std::int64_t version = 0;
    if (v->rows() == 0) {
      if (Status i = db.run("INSERT INTO kopilka_schema VALUES (0)"); !i) return i;
    } else {
      version = v->int64(0, 0);
    }
    if (version > static_cast<std::int64_t>(migrations.size()))
      return Status::corrupt("the database's schema (version " + std::to_string(version) +
                             ") is newer than this kopilka-office knows (" +
                             std::to_string(migrations.size()) + "): update kopilka-office");
    if (static_cast<std::size_t>(version) < migrations.size())
      common::notify_upgrading(common::upgrade_text(
          "kopilka-office", static_cast<std::size_t>(version), migrations.size()));
    for (auto i = static_cast<std::size_t>(version); i < migrations.size(); ++i) {
      if (Status m = db.run(migrations[i]); !m) return m;
    }
    return db.run("UPDATE kopilka_schema SET version = $1::integer",
                  {std::to_string(migrations.size())});
  });
  if (!s) return s;
  std::unique_ptr<PgStore> store(new PgStore(std::move(*conn), settings));
  if (Status r = store->reload_programs(); !r) return r;
  return store;
}

Result<std::int64_t> PgStore::take_numbers(std::int64_t n) {
  auto r = db_->exec(kTakeNumbers, {std::to_string(n)});
  if (!r) return r.status();
  if (r->rows() != 1) return Status::corrupt("the server sequence is missing");
  return r->int64(0, 0) - n + 1;
}

Status PgStore::lock_cards(const std::vector<std::string>& numbers) {
  std::vector<std::int64_t> keys;
  for (const auto& n : numbers) keys.push_back(lock_key(n));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (keys.empty()) return Status::ok();
  std::string array = "{";
  for (std::size_t i = 0; i < keys.size(); ++i) array += (i ? "," : "") + std::to_string(keys[i]);
  array += "}";
  // One global order (ascending keys) for every transaction: two groups touching the
  // same cards wait for each other instead of deadlocking.
  return db_->run(
      "SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS t(k, i) "
      "ORDER BY i",
      {array});
}

Status PgStore::save_card(const core::CardState& card, std::int64_t seq) {
  return db_->run(
      "INSERT INTO cards(number, phone, state, seq) VALUES ($1, $2, $3, $4::bigint) "
      "ON CONFLICT(number) DO UPDATE SET phone = $2, state = $3, seq = $4::bigint",
      {card.number, phone_of(card), card_state_text(card), std::to_string(seq)});
}

Status PgStore::reload_programs() {
  auto r = db_->exec(
      "SELECT id, document, (SELECT coalesce(max(seq), 0) FROM programs) FROM programs "
      "WHERE document IS NOT NULL ORDER BY id");
  if (!r) return r.status();
  std::vector<core::Json> docs;
  for (int i = 0; i < r->rows(); ++i) {
    auto doc = parse_stored(r->text(i, 1), "program " + r->text(i, 0));
    if (!doc) return doc.status();
    docs.push_back(std::move(*doc));
  }
  auto set = core::ProgramSet::build(docs);
  if (!set) return Status::corrupt("stored programs are invalid: " + set.status().message());
  programs_ = std::move(*set);
  if (r->rows() > 0) {
    programs_seq_ = r->int64(0, 2);
  } else {
    auto top = db_->exec("SELECT coalesce(max(seq), 0) FROM programs");
    if (!top) return top.status();
    programs_seq_ = top->int64(0, 0);
  }
  return Status::ok();
}

const core::ProgramSet& PgStore::programs() {
  // A program another process changed is seen here at the next card view; if the check
  // fails, the programs last read stand.
  auto top = db_->exec("SELECT coalesce(max(seq), 0) FROM programs");
  if (top && top->int64(0, 0) != programs_seq_) reload_programs();
  return programs_;
}

}  // namespace kopilka::office
