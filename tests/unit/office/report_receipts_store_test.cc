// The receipts a later refund or cancellation gives back (report_receipts, keyed by day
// first since schema 025), on the engine under test: a return finds its receipt however many
// days before it was sold, and an office upgraded with receipts in it finds them after.
#include <doctest/doctest.h>

#include "office/report.h"
#include "test_support/office_migration.h"
#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;
using office::test::run_migration;
using office::test::text_rows;

namespace {

std::vector<std::string> receipt_rows(office::Sql& sql) {
  return text_rows(sql, {"SELECT day, register_id, receipt_id, customer, total, programs FROM "
                         "report_receipts ORDER BY day, register_id, receipt_id"});
}

// report_receipts as an office of version 24 keyed it: by register and receipt id.
void receipts_as_before_025(office::Sql& sql) {
  if (sql.is_postgresql()) {
    REQUIRE(sql.run("ALTER TABLE report_receipts DROP CONSTRAINT report_receipts_pkey").ok());
    REQUIRE(sql.run("ALTER TABLE report_receipts ADD PRIMARY KEY (register_id, receipt_id)").ok());
    return;
  }
  REQUIRE(sql.run("CREATE TABLE report_receipts_024 (register_id TEXT NOT NULL, receipt_id TEXT "
                  "NOT NULL, day INTEGER NOT NULL, customer TEXT, total INTEGER NOT NULL, "
                  "programs TEXT NOT NULL, PRIMARY KEY (register_id, receipt_id)) WITHOUT ROWID")
              .ok());
  REQUIRE(sql.run("INSERT INTO report_receipts_024 SELECT register_id, receipt_id, day, customer, "
                  "total, programs FROM report_receipts")
              .ok());
  REQUIRE(sql.run("DROP TABLE report_receipts").ok());
  REQUIRE(sql.run("ALTER TABLE report_receipts_024 RENAME TO report_receipts").ok());
}

}  // namespace

TEST_CASE("a return finds its receipt sold weeks before, with quiet days between") {
  Journal j;
  const std::string ms = j.register_in_store("");
  const std::string other = j.register_in_store("");
  j.receipt(ms, "R1", "2026-10-01T09:00:00Z", "2000000000015", 10000, 100, {{"b1", 500}});
  // The same receipt id at another register is another receipt.
  j.receipt(other, "R1", "2026-10-20T09:00:00Z", "", 4000, 0, {{"promo", 200}});
  j.receipt(ms, "R2", "2026-11-15T09:00:00Z", "", 3000, 0, {});
  j.refund(ms, "R1", "2026-11-20T09:00:00Z", 2500, 25);
  j.cancel(other, "R1", "2026-11-21T09:00:00Z", 4000, 0);
  REQUIRE(j.push_all());
  auto r = j.report("2026-10-01", "2026-11-30", "month");
  REQUIRE(r.ok());
  const core::Json& g = (*r)["groups"];
  REQUIRE(g.size() == 2);
  // October: R1 at ms; the other register's R1 cancelled on its own day.
  CHECK(g[0]["receipts"] == core::Json{{"card", 1}, {"no_card", 0}, {"all", 1}});
  CHECK(g[0]["revenue"] == core::Json{{"card", 10000}, {"no_card", 0}, {"all", 10000}});
  // November: R2, and the refund of R1 on its own day, to R1's card.
  CHECK(g[1]["receipts"] == core::Json{{"card", 0}, {"no_card", 1}, {"all", 1}});
  CHECK(g[1]["revenue"] == core::Json{{"card", -2500}, {"no_card", 3000}, {"all", 500}});
  std::map<std::string, core::Json> programs;
  for (const auto& p : (*r)["programs"]) programs[p["program"].get<std::string>()] = p;
  CHECK(programs["b1"]["receipts"] == 1);
  CHECK(programs["b1"]["discount"] == 500);
  CHECK(programs["promo"]["receipts"] == 0);  // its only receipt was cancelled
  CHECK(programs["promo"]["discount"] == 0);
  // The cancelled receipt's row is gone; the refunded one stays for a later return.
  CHECK(receipt_rows(j.t.store->sql()).size() == 2);
  j.check_against_brute_force(1, 6, true);
}

TEST_CASE("migration 025 keeps every receipt, and returns pushed after it find theirs") {
  Journal j;
  const std::string vl = j.register_in_store("Asia/Vladivostok");
  const std::string ms = j.register_in_store("");
  j.receipt(vl, "R1", "2026-11-02T20:30:00Z", "2000000000015", 10000, 100, {{"b1", 500}});
  j.receipt(ms, "R2", "2026-11-02T20:30:00Z", "", 3333, 0, {{"promo", 300}});
  j.receipt(ms, "R3", "2026-11-03T09:00:00Z", "2000000000022", 7000, 70, {});
  REQUIRE(j.push_all());
  office::Sql& sql = j.t.store->sql();
  const auto kept = receipt_rows(sql);
  REQUIRE(kept.size() == 3);
  receipts_as_before_025(sql);
  run_migration(sql, 25);
  CHECK(receipt_rows(sql) == kept);
  // After the upgrade: a refund of R1 and cancellations of R2 and R3, days later.
  j.refund(vl, "R1", "2026-11-10T09:00:00Z", 2500, 25);
  j.cancel(ms, "R2", "2026-11-11T09:00:00Z", 3333, 0);
  j.cancel(ms, "R3", "2026-11-12T09:00:00Z", 7000, 70);
  REQUIRE(j.push_all());
  auto r = j.report("2026-11-02", "2026-11-30", "");
  REQUIRE(r.ok());
  const core::Json& t = (*r)["totals"];
  CHECK(t["receipts"] == core::Json{{"card", 1}, {"no_card", 0}, {"all", 1}});
  CHECK(t["revenue"] == core::Json{{"card", 7500}, {"no_card", 0}, {"all", 7500}});
  CHECK(receipt_rows(sql).size() == 1);
  j.check_against_brute_force(2, 6, true);
}
