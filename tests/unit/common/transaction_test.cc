// common::in_transaction on a real file: a transaction inside another is a savepoint, so a
// request's one transaction can hold the handler's own and keep or drop each as a unit.
#include <doctest/doctest.h>

#include "common/db.h"
#include "test_support/temp_dir.h"

using kopilka::common::Db;
using kopilka::common::in_transaction;
using kopilka::core::Status;
using kopilka::test::TempDir;

namespace {

std::int64_t rows(Db& db) {
  auto n = db.query_int("SELECT count(*) FROM t");
  REQUIRE(n);
  return *n;
}

}  // namespace

TEST_CASE("a failing inner transaction undoes only its own writes") {
  TempDir tmp{"kopilka-transaction-test"};
  auto db = Db::open(tmp.sub("t.db"));
  REQUIRE(db);
  REQUIRE((*db)->exec("CREATE TABLE t (v INTEGER)").is_ok());
  Status outer = in_transaction(**db, [&]() -> Status {
    REQUIRE((*db)->exec("INSERT INTO t VALUES (1)").is_ok());
    Status inner = in_transaction(**db, [&]() -> Status {
      REQUIRE((*db)->exec("INSERT INTO t VALUES (2)").is_ok());
      return Status::conflict("refused");
    });
    CHECK(inner.code() == kopilka::core::Code::kConflict);
    CHECK((*db)->in_transaction());  // the outer one goes on
    CHECK(rows(**db) == 1);
    return in_transaction(**db, [&] { return (*db)->exec("INSERT INTO t VALUES (3)"); });
  });
  REQUIRE(outer.is_ok());
  CHECK_FALSE((*db)->in_transaction());
  CHECK(rows(**db) == 2);
}

TEST_CASE("an inner transaction that succeeded is dropped with a failing outer one") {
  TempDir tmp{"kopilka-transaction-test"};
  auto db = Db::open(tmp.sub("t.db"));
  REQUIRE(db);
  REQUIRE((*db)->exec("CREATE TABLE t (v INTEGER)").is_ok());
  Status outer = in_transaction(**db, [&]() -> Status {
    Status inner = in_transaction(**db, [&] { return (*db)->exec("INSERT INTO t VALUES (1)"); });
    REQUIRE(inner.is_ok());
    CHECK(rows(**db) == 1);
    return Status::invalid("the answer was an error");
  });
  CHECK_FALSE(outer.is_ok());
  CHECK_FALSE((*db)->in_transaction());
  CHECK(rows(**db) == 0);
}

TEST_CASE(
    "a statement dropped after one row holds no snapshot: another connection's commit shows") {
  TempDir tmp{"kopilka-transaction-test"};
  auto reader = Db::open(tmp.sub("t.db"));
  REQUIRE(reader);
  REQUIRE((*reader)->exec("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)").is_ok());
  auto writer = Db::open(tmp.sub("t.db"));
  REQUIRE(writer);
  {
    auto st = (*reader)->prepare("SELECT v FROM t");  // stepped once, never read to the end
    REQUIRE(st);
    auto row = st->step();
    REQUIRE((row && *row));
  }
  REQUIRE((*writer)->exec("INSERT INTO t VALUES (2)").is_ok());
  CHECK(rows(**reader) == 2);
}
