// The shared integrity check and online backup (common/db_check.h), on real files in a
// temp directory.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/db_check.h"
#include "test_support/temp_dir.h"

namespace fs = std::filesystem;
using kopilka::common::Db;
using kopilka::core::Code;
using kopilka::core::Status;
using kopilka::test::TempDir;

namespace {

std::int64_t count_rows(const std::string& path) {
  auto db = Db::open(path);
  REQUIRE(db);
  auto n = (*db)->query_int("SELECT count(*) FROM t");
  REQUIRE(n);
  return *n;
}

}  // namespace

TEST_CASE("a whole database passes quick_check; a damaged one is kCorrupt") {
  TempDir dir("kopilka-dbcheck");
  std::string path = (dir.path / "a.db").string();
  {
    auto db = Db::open(path);
    REQUIRE(db);
    REQUIRE((*db)->exec("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('one')"));
    CHECK(kopilka::common::quick_check(**db));
  }
  // Garbage over every page after the first: the schema survives, the table does not.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    std::string junk(8192, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto db = Db::open(path);
  REQUIRE(db);
  Status s = kopilka::common::quick_check(**db);
  CHECK(s.code() == Code::kCorrupt);
  CHECK(s.message().find("integrity check failed") != std::string::npos);
}

TEST_CASE("a backup is a whole copy taken while the source stays open and writable") {
  TempDir dir("kopilka-dbcheck");
  std::string source = (dir.path / "office.db").string();
  std::string copy = (dir.path / "copy.db").string();
  auto db = Db::open(source);
  REQUIRE(db);
  REQUIRE((*db)->exec("CREATE TABLE t(x INTEGER)"));
  for (int i = 0; i < 100; ++i)
    REQUIRE((*db)->exec("INSERT INTO t VALUES (" + std::to_string(i) + ")"));
  std::ofstream(copy).close();
  REQUIRE(kopilka::common::backup_database(source, copy));
  REQUIRE((*db)->exec("INSERT INTO t VALUES (100)"));  // the source is still ours to write
  CHECK(count_rows(copy) == 100);
  CHECK(count_rows(source) == 101);
  CHECK_FALSE(fs::exists(copy + "-wal"));  // one self-contained file
}

TEST_CASE("a missing source is an error and no database is created in its place") {
  TempDir dir("kopilka-dbcheck");
  std::string copy = (dir.path / "copy.db").string();
  std::ofstream(copy).close();
  Status s = kopilka::common::backup_database((dir.path / "none.db").string(), copy);
  CHECK_FALSE(s);
  CHECK_FALSE(fs::exists(dir.path / "none.db"));
}
