// The burn scan's writes on both engines: a page's messages and levels all land, however
// many short transactions they take, and a scan's relaxed commits end with the scan.
#include <doctest/doctest.h>

#include "office/notify_scan_writes.h"
#include "test_support/office_store.h"

using namespace kopilka;
using office::test::TempStore;

TEST_CASE("a scan page's writes all land, kScanWriteBatch rows a transaction") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  office::ScanWrites w;
  const int messages = office::kScanWriteBatch * 2 + 7, levels = office::kScanWriteBatch + 3;
  for (int i = 0; i < messages; ++i)
    w.messages.push_back({"points_burning:" + std::to_string(i), "points_burning", "webhook",
                          "http://h", std::nullopt, std::nullopt, core::Json::object()});
  for (int i = 0; i < levels; ++i)
    w.levels.emplace_back("card-" + std::to_string(i), "{\"p\":\"5\"}");
  w.messages.push_back(w.messages.front());  // queued before: once only
  REQUIRE(office::write_scan_batches(sql, w, 1000).is_ok());
  CHECK(*office::query_int(sql, "SELECT COUNT(*) FROM outbox") == messages);
  CHECK(*office::query_int(sql, "SELECT COUNT(*) FROM notify_levels") == levels);
  w.levels.front().second = "{\"p\":\"7\"}";
  REQUIRE(office::write_scan_batches(sql, w, 1001).is_ok());
  CHECK(*office::query_int(sql, "SELECT COUNT(*) FROM outbox") == messages);
  auto rows = sql.query("SELECT levels FROM notify_levels WHERE card = 'card-0'", {});
  REQUIRE(rows.ok());
  CHECK(rows->front().text(0) == "{\"p\":\"7\"}");
}

TEST_CASE("a scan's commits skip the fsync only while the scan runs") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  if (sql.is_postgresql()) return;  // PostgreSQL's commits are not changed
  auto mode = [&] { return *office::query_int(sql, "PRAGMA synchronous"); };
  CHECK(mode() == 2);  // FULL
  {
    office::RelaxedScanCommits relaxed(sql);
    CHECK(mode() == 1);  // NORMAL
    relaxed.checkpoint();
  }
  CHECK(mode() == 2);
}
