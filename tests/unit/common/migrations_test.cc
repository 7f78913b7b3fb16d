// The migrations runner (common/migrations.h) on a real file: a migration may rebuild a
// table other tables refer to, and one that leaves a reference dangling is refused whole.
#include "common/migrations.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "test_support/temp_dir.h"

using kopilka::common::Db;
using kopilka::common::migrate;
using kopilka::test::TempDir;

namespace {

const std::vector<std::string> kV2 = {
    "CREATE TABLE parent (id TEXT PRIMARY KEY, big TEXT) WITHOUT ROWID;"
    "CREATE TABLE child (id TEXT PRIMARY KEY, parent TEXT NOT NULL REFERENCES parent(id));",
    "INSERT INTO parent VALUES ('p1', 'x'), ('p2', 'y'); INSERT INTO child VALUES ('c1', 'p1');"};

std::int64_t count(Db& db, const std::string& sql) {
  auto n = db.query_int(sql);
  REQUIRE(n);
  return *n;
}

}  // namespace

TEST_CASE("a migration rebuilds a table that others refer to, and foreign keys hold after") {
  TempDir tmp{"kopilka-migrations-test"};
  auto db = Db::open(tmp.sub("t.db"));
  REQUIRE(db);
  REQUIRE(migrate(**db, kV2, "test").is_ok());
  auto v3 = kV2;
  v3.push_back(
      "CREATE TABLE parent_v3 (id TEXT PRIMARY KEY, big TEXT);"
      "INSERT INTO parent_v3 SELECT id, big FROM parent;"
      "DROP TABLE parent; ALTER TABLE parent_v3 RENAME TO parent;");
  REQUIRE(migrate(**db, v3, "test").is_ok());
  CHECK(count(**db, "PRAGMA user_version") == 3);
  CHECK(count(**db, "SELECT count(*) FROM parent") == 2);
  CHECK(count(**db, "SELECT count(*) FROM child WHERE parent = 'p1'") == 1);
  // Foreign keys are on again: a dangling reference is refused.
  CHECK(count(**db, "PRAGMA foreign_keys") == 1);
  CHECK_FALSE((*db)->exec("INSERT INTO child VALUES ('c2', 'nobody')").is_ok());
  CHECK((*db)->exec("INSERT INTO child VALUES ('c2', 'p2')").is_ok());
}

TEST_CASE("a migration that leaves a reference dangling is refused and changes nothing") {
  TempDir tmp{"kopilka-migrations-test"};
  auto db = Db::open(tmp.sub("t.db"));
  REQUIRE(db);
  REQUIRE(migrate(**db, kV2, "test").is_ok());
  auto v3 = kV2;
  v3.push_back("DELETE FROM parent WHERE id = 'p1'");
  auto s = migrate(**db, v3, "test");
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.message().find("migration 3") != std::string::npos);
  CHECK(s.message().find("child") != std::string::npos);
  CHECK(count(**db, "PRAGMA user_version") == 2);
  CHECK(count(**db, "SELECT count(*) FROM parent") == 2);
  CHECK(count(**db, "PRAGMA foreign_keys") == 1);
}

// A migration that rebuilds a big table drops the old one inside its transaction. With the
// statement journal's spill raised, SQLite 3.40.1 refused that DROP with "database or disk
// is full", and head office (schema 13, 19) and kopilkad (schema 5) could not upgrade a
// file of a real size.
TEST_CASE("a migration drops a table of several megabytes inside its transaction") {
  TempDir tmp{"kopilka-migrations-test"};
  auto db = Db::open(tmp.sub("t.db"));
  REQUIRE(db);
  const std::vector<std::string> v1 = {
      "CREATE TABLE big (id INTEGER PRIMARY KEY, body TEXT);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
      "INSERT INTO big SELECT i, hex(randomblob(1000)) FROM n;"};
  REQUIRE(migrate(**db, v1, "test").is_ok());
  auto v2 = v1;
  v2.push_back(
      "CREATE TABLE big_v2 (id TEXT PRIMARY KEY, body TEXT) WITHOUT ROWID;"
      "INSERT INTO big_v2 SELECT id, body FROM big; DROP TABLE big;"
      "ALTER TABLE big_v2 RENAME TO big;");
  auto s = migrate(**db, v2, "test");
  CHECK_MESSAGE(s.is_ok(), s.message());
  CHECK(count(**db, "PRAGMA user_version") == 2);
  CHECK(count(**db, "SELECT count(*) FROM big") == 4000);
  // The log that carried the rebuilt table is emptied, not left at its largest for good.
  CHECK(std::filesystem::file_size(tmp.sub("t.db-wal")) == 0);
}
