// The busy handler (common/db_busy.h): its schedule, and a write that waits out another
// connection's transaction instead of failing.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "common/db.h"
#include "common/db_busy.h"
#include "test_support/temp_dir.h"

using kopilka::common::busy_wait_before;
using kopilka::common::Db;
using kopilka::test::TempDir;
using std::chrono::microseconds;

TEST_CASE("the first busy waits are tens of microseconds; all of them add up to 5 s") {
  CHECK(busy_wait_before(0) == microseconds(50));
  CHECK(busy_wait_before(39) == microseconds(50));
  CHECK(busy_wait_before(40) == microseconds(250));
  CHECK(busy_wait_before(139) == microseconds(250));
  CHECK(busy_wait_before(140) == microseconds(5000));
  CHECK_FALSE(busy_wait_before(-1));

  microseconds total{0};
  int attempt = 0;
  while (auto wait = busy_wait_before(attempt)) {
    total += *wait;
    ++attempt;
    REQUIRE(attempt < 100000);
  }
  CHECK(total >= microseconds(5'000'000));
  CHECK(total < microseconds(5'005'000));
  CHECK(attempt == 40 + 100 + 995);
}

TEST_CASE("a write waits for another connection's transaction, then lands") {
  TempDir dir("kopilka-busy");
  const std::string path = dir.sub("busy.db");
  auto holder = Db::open(path);
  auto writer = Db::open(path);
  REQUIRE(holder);
  REQUIRE(writer);
  REQUIRE((*holder)->exec("CREATE TABLE t (x INTEGER)"));

  REQUIRE((*holder)->exec("BEGIN IMMEDIATE"));
  REQUIRE((*holder)->exec("INSERT INTO t VALUES (1)"));
  bool committed = false;
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    committed = static_cast<bool>((*holder)->exec("COMMIT"));
  });
  auto written = (*writer)->exec("INSERT INTO t VALUES (2)");
  release.join();
  CHECK(written);
  CHECK(committed);

  auto rows = (*writer)->query_int("SELECT count(*) FROM t");
  REQUIRE(rows);
  CHECK(*rows == 2);
}
