// The SQL seam's parameters and the aggregates' batches of rows, on both engines (SQLite
// here; PostgreSQL under unit_office_postgresql): an integer parameter reads back as the
// same number as its text did, and a batch of any length writes every row once, whichever
// chunks of its statements it goes out in, and a number given as text is stored as one.
#include <doctest/doctest.h>

#include "office/aggregates_batch.h"
#include "test_support/office_store.h"

using namespace kopilka;
using office::test::TempStore;

TEST_CASE("an integer parameter is the same number as its text, NULL stays NULL") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  auto rows = sql.query(
      "SELECT CAST($1 AS BIGINT) + 1, CAST($2 AS BIGINT) + 1, CAST($3 AS TEXT) || 'x', "
      "CASE WHEN CAST($4 AS TEXT) IS NULL THEN 'null' ELSE 'set' END",
      {office::sql_int(-9007199254740993), "41", "r-1", office::SqlParam()});
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0].int64(0) == -9007199254740992);
  CHECK((*rows)[0].int64(1) == 42);
  CHECK((*rows)[0].text(2) == "r-1x");
  CHECK((*rows)[0].text(3) == "null");
  if (!sql.is_postgresql()) {
    // SQLite binds it as an integer, not as text to be converted by the cast.
    auto type = sql.query("SELECT typeof($1), typeof($2)", {office::sql_int(7), "7"});
    REQUIRE(type.ok());
    CHECK((*type)[0].text(0) == "integer");
    CHECK((*type)[0].text(1) == "text");
  }
  // A borrowed text reads back as the text it points at, on either engine; an empty one
  // is a text, not NULL.
  const std::string lent = "card:2000000000015";
  auto borrowed = sql.query(
      "SELECT CAST($1 AS TEXT) || 'x', CASE WHEN CAST($2 AS TEXT) IS NULL THEN 'null' ELSE 'set' "
      "END",
      {office::SqlParam::borrowed(lent),
       office::SqlParam::borrowed(std::string_view(lent).substr(0, 0))});
  REQUIRE(borrowed.ok());
  CHECK((*borrowed)[0].text(0) == "card:2000000000015x");
  CHECK((*borrowed)[0].text(1) == "set");
  CHECK(office::SqlParam::borrowed(lent).as_text() == lent);
  CHECK(!office::SqlParam::borrowed(lent).is_null());
  CHECK(office::SqlParam::integer(12).as_text() == "12");
  CHECK(!office::SqlParam().as_text());
  CHECK(office::SqlParam().is_null());
}

TEST_CASE("a batch of any length writes each of its rows once") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  REQUIRE(
      sql.run("CREATE TABLE batch_rows (k TEXT PRIMARY KEY, n BIGINT NOT NULL, m INTEGER)").ok());
  // Lengths around the full batch (256 rows) and its chunks of powers of two; the same keys
  // again add to what is there.
  for (const std::size_t length : {0, 1, 3, 255, 256, 257, 700}) {
    CAPTURE(length);
    REQUIRE(sql.run("DELETE FROM batch_rows").ok());
    for (int round = 1; round <= 2; ++round) {
      office::RowBatch batch(sql, "INSERT INTO batch_rows(k, n, m) VALUES ", "TBI",
                             "ON CONFLICT (k) DO UPDATE SET n = batch_rows.n + excluded.n");
      for (std::size_t i = 0; i < length; ++i)
        REQUIRE(batch
                    .add({"k" + std::to_string(i), office::sql_int(static_cast<std::int64_t>(i)),
                          i % 2 ? office::SqlParam() : office::sql_int(-1)})
                    .is_ok());
      REQUIRE(batch.write().is_ok());
    }
    auto sums = sql.query(
        "SELECT COUNT(*), COALESCE(SUM(n), 0), COUNT(m), COALESCE(SUM(m), 0) FROM batch_rows");
    REQUIRE(sums.ok());
    const auto n = static_cast<std::int64_t>(length);
    CHECK((*sums)[0].int64(0) == n);
    CHECK((*sums)[0].int64(1) == n * (n - 1));  // each i twice
    CHECK((*sums)[0].int64(2) == (n + 1) / 2);
    CHECK((*sums)[0].int64(3) == -(n + 1) / 2);
  }
  // A number given as text lands as the number: PostgreSQL casts it, SQLite, whose statement
  // has no cast, converts it by the column's type.
  REQUIRE(sql.run("DELETE FROM batch_rows").ok());
  office::RowBatch texts(sql, "INSERT INTO batch_rows(k, n, m) VALUES ", "TBI",
                         "ON CONFLICT (k) DO NOTHING");
  REQUIRE(texts.add({"t", "41", "-2"}).is_ok());
  REQUIRE(texts.write().is_ok());
  auto numbers = sql.query("SELECT n + 1, m * 2 FROM batch_rows");
  REQUIRE(numbers.ok());
  REQUIRE(numbers->size() == 1);
  CHECK((*numbers)[0].int64(0) == 42);
  CHECK((*numbers)[0].int64(1) == -4);
  if (!sql.is_postgresql()) {
    auto type = sql.query("SELECT typeof(n), typeof(m) FROM batch_rows");
    REQUIRE(type.ok());
    CHECK((*type)[0].text(0) == "integer");
    CHECK((*type)[0].text(1) == "integer");
  }
}
