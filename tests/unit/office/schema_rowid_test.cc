// Schema 19 of head office's SQLite file (schema/office/019_rowid_cards_entries.sql): an
// office of schema 18 holding cards and entries starts on the new binary with every card and
// entry as it was, in ordinary rowid tables, and the log the rebuild filled emptied.
#include <doctest/doctest.h>

#include <filesystem>

#include "common/db.h"
#include "common/migrations.h"
#include "core/card_edit.h"
#include "office/sqlite_store.h"
#include "test_support/temp_dir.h"

namespace kopilka::schema {
const std::vector<std::string>& office_migrations();
}

namespace kopilka::office {
namespace {

std::int64_t count(common::Db& db, const std::string& sql) {
  auto n = db.query_int(sql);
  REQUIRE(n);
  return *n;
}

TEST_CASE("an office of schema 18 keeps every card and entry through schema 19") {
  kopilka::test::TempDir tmp{"kopilka-schema-rowid-test"};
  const std::string path = tmp.sub("office.db");
  const auto& all = schema::office_migrations();
  REQUIRE(all.size() >= 19);
  {
    auto db = common::Db::open(path);
    REQUIRE(db);
    const std::vector<std::string> v18(all.begin(), all.begin() + 18);
    REQUIRE(common::migrate(**db, v18, "test").is_ok());
    // 2 000 cards with states of a few kilobytes (overflow pages in the old layout) and
    // 4 000 entries, as stored by schema 18.
    REQUIRE((*db)
                ->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
                       "i < 2000) INSERT INTO cards(number, phone, state, seq) SELECT "
                       "printf('2%012d', i), CASE WHEN i % 2 THEN printf('+7999%07d', i) END, "
                       "printf('{\"number\":\"2%012d\",\"pad\":\"%s\"}', i, "
                       "hex(zeroblob(1500))), i FROM n;"
                       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
                       "i < 4000) INSERT INTO entries(id, register_id, kind, card, at, body, "
                       "received) SELECT printf('r-1:%d', i), 'r-1', 'receipt', "
                       "printf('2%012d', 1 + i % 2000), 1795000000 + i, '{}', 1795000000 FROM n;")
                .is_ok());
  }
  {
    auto store = SqliteStore::open(tmp.path.string(), core::Settings{}, path);
    REQUIRE_MESSAGE(store.ok(), store.status().message());
    // The log the rebuild filled is emptied, not kept at its largest for good.
    CHECK(std::filesystem::file_size(path + "-wal") == 0);
  }
  auto opened = common::Db::open(path);
  REQUIRE(opened);
  common::Db& db = **opened;
  CHECK(count(db, "PRAGMA user_version") == static_cast<std::int64_t>(all.size()));
  CHECK(count(db, "SELECT count(*) FROM cards") == 2000);
  CHECK(count(db, "SELECT count(*) FROM entries") == 4000);
  CHECK(count(db,
              "SELECT count(*) FROM sqlite_schema WHERE name IN ('cards', 'entries') AND "
              "sql LIKE '%WITHOUT ROWID%'") == 0);
  // The keys, the phone and the seq indexes answer as before.
  CHECK(count(db, "SELECT seq FROM cards WHERE number = '2000000001234'") == 1234);
  CHECK(count(db, "SELECT count(*) FROM cards WHERE phone = '+79990001233'") == 1);
  CHECK(count(db, "SELECT count(*) FROM cards WHERE seq > 1990") == 10);
  CHECK(count(db, "SELECT count(*) FROM entries WHERE card = '2000000000007'") == 2);
  CHECK(count(db, "SELECT at FROM entries WHERE id = 'r-1:17'") == 1795000017);
  // A card and an entry id stay unique keys.
  CHECK_FALSE(
      db.exec("INSERT INTO cards(number, state, seq) VALUES ('2000000000001', '{}', 1)").is_ok());
  CHECK_FALSE(db.exec("INSERT INTO entries(id, register_id, kind, at, body, received) "
                      "VALUES ('r-1:17', 'r-1', 'receipt', 0, '{}', 0)")
                  .is_ok());
}

}  // namespace
}  // namespace kopilka::office
