// The receipts a later refund or cancellation gives back (report_receipt_packs, schema 028),
// on the engine under test: a return finds its receipt however many days before it was
// sold, and an office upgraded with receipts in it finds them after.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "office/report.h"
#include "test_support/office_migration.h"
#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;
using office::test::run_migration;
using office::test::text_rows;

namespace {

// Every receipt kept, "day register receipt customer total programs" (customer "-" for
// none), in that order.
std::vector<std::string> receipt_rows(office::Sql& sql) {
  std::vector<std::string> out;
  for (const std::string& pack : text_rows(sql, {"SELECT day || ' ' || register_id || ' ' || "
                                                 "receipts FROM report_receipt_packs"})) {
    std::istringstream lines(pack);
    std::string prefix, line;
    std::getline(lines, prefix);  // "day register ", then a receipt a line
    while (std::getline(lines, line)) {
      std::string fields[4];
      std::istringstream tabs(line);
      for (auto& f : fields) std::getline(tabs, f, '\t');
      out.push_back(prefix + fields[0] + " " + (fields[1].empty() ? "-" : fields[1]) + " " +
                    fields[2] + " " + fields[3]);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// report_receipts as an office of version 27 had it: a row a receipt, keyed by day first.
void receipts_as_before_028(office::Sql& sql, const std::vector<std::string>& rows) {
  REQUIRE(sql.run("CREATE TABLE report_receipts (day INTEGER NOT NULL, register_id TEXT NOT "
                  "NULL, receipt_id TEXT NOT NULL, customer TEXT, total BIGINT NOT NULL, "
                  "programs TEXT NOT NULL, PRIMARY KEY (day, register_id, receipt_id))")
              .ok());
  for (const std::string& row : rows) {
    std::istringstream in(row);
    std::string day, reg, id, customer, total, programs;
    in >> day >> reg >> id >> customer >> total;
    std::getline(in, programs);
    if (!programs.empty()) programs.erase(0, 1);
    REQUIRE(
        sql.run("INSERT INTO report_receipts VALUES (CAST($1 AS INTEGER), $2, $3, $4, "
                "CAST($5 AS BIGINT), $6)",
                {day, reg, id, customer == "-" ? office::SqlParam() : office::SqlParam(customer),
                 total, programs})
            .ok());
  }
  REQUIRE(sql.run("DROP TABLE report_receipt_packs").ok());
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

TEST_CASE("a receipt id sold twice on one day is returned from its latest sale") {
  // A register whose receipt numbers start again each shift sells "R7" twice in a day, the
  // two in different groups of pushes (so in different packs); the cancellation that follows
  // is of the later sale, the one with the card.
  Journal j;
  const std::string ms = j.register_in_store("");
  j.receipt(ms, "R7", "2026-11-02T07:00:00Z", "", 1000, 0, {{"promo", 100}});
  REQUIRE(j.push_all());
  j.receipt(ms, "R7", "2026-11-02T15:00:00Z", "2000000000015", 5000, 50, {{"b1", 0}});
  REQUIRE(j.push_all());
  j.cancel(ms, "R7", "2026-11-02T16:00:00Z", 5000, 50);
  REQUIRE(j.push_all());
  auto r = j.report("2026-11-02", "2026-11-02", "");
  REQUIRE(r.ok());
  const core::Json& t = (*r)["totals"];
  CHECK(t["receipts"] == core::Json{{"card", 0}, {"no_card", 1}, {"all", 1}});
  CHECK(t["revenue"] == core::Json{{"card", 0}, {"no_card", 1000}, {"all", 1000}});
  std::map<std::string, core::Json> programs;
  for (const auto& p : (*r)["programs"]) programs[p["program"].get<std::string>()] = p;
  CHECK(programs["promo"]["receipts"] == 1);  // the first sale's, not cancelled
  CHECK(programs["b1"]["receipts"] == 0);
  j.check_against_brute_force(2, 6, true);
}

TEST_CASE("migration 028 keeps every receipt, and returns pushed after it find theirs") {
  Journal j;
  const std::string vl = j.register_in_store("Asia/Vladivostok");
  const std::string ms = j.register_in_store("");
  j.receipt(vl, "R1", "2026-11-02T20:30:00Z", "2000000000015", 10000, 100, {{"b1", 500}});
  j.receipt(ms, "R2", "2026-11-02T20:30:00Z", "", 3333, 0, {{"promo", 300}});
  j.receipt(ms, "R3", "2026-11-03T09:00:00Z", "2000000000022", 7000, 70, {});
  j.receipt(ms, "R4", "2026-11-03T10:00:00Z", "", 1000, 0, {});
  REQUIRE(j.push_all());
  office::Sql& sql = j.t.store->sql();
  const auto kept = receipt_rows(sql);
  REQUIRE(kept.size() == 4);
  receipts_as_before_028(sql, kept);
  run_migration(sql, 28);
  CHECK(receipt_rows(sql) == kept);
  // One pack for each register's day: ms's two receipts of 3 November share theirs.
  CHECK(text_rows(sql, {"SELECT count(*) FROM report_receipt_packs"}) ==
        std::vector<std::string>{"3"});
  // After the upgrade: a refund of R1 and cancellations of R2 and R3, days later.
  j.refund(vl, "R1", "2026-11-10T09:00:00Z", 2500, 25);
  j.cancel(ms, "R2", "2026-11-11T09:00:00Z", 3333, 0);
  j.cancel(ms, "R3", "2026-11-12T09:00:00Z", 7000, 70);
  REQUIRE(j.push_all());
  auto r = j.report("2026-11-02", "2026-11-30", "");
  REQUIRE(r.ok());
  const core::Json& t = (*r)["totals"];
  CHECK(t["receipts"] == core::Json{{"card", 1}, {"no_card", 1}, {"all", 2}});
  CHECK(t["revenue"] == core::Json{{"card", 7500}, {"no_card", 1000}, {"all", 8500}});
  CHECK(receipt_rows(sql).size() == 2);  // R1, refunded in part, and R4
  j.check_against_brute_force(2, 6, true);
}
