// Head office's report tables upgraded with entries already in them, on the engine under
// test: each migration that re-keys or fills them keeps every row, and the reports a store
// and a register read agree with before, and with the journal once more entries arrive.
#include <doctest/doctest.h>

#include "office/report.h"
#include "test_support/office_migration.h"
#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;
using office::test::run_migration;
using office::test::text_rows;

namespace {

// report_first_days as an office of version 14 holds it (migration 015 reads it, then drops
// it), made from the first days the customer days carry.
void first_days_as_before_015(office::Sql& sql) {
  REQUIRE(sql.run("CREATE TABLE report_first_days (customer TEXT PRIMARY KEY, day INTEGER NOT "
                  "NULL)")
              .ok());
  REQUIRE(sql.run("INSERT INTO report_first_days(customer, day) SELECT DISTINCT customer, "
                  "first_day FROM report_customer_days WHERE first_day IS NOT NULL")
              .ok());
}

// A store's report by week and a register's, for the journal's weeks: what an upgrade
// must leave as it was.
std::vector<std::string> filtered_reports(Journal& j) {
  const auto store = j.report("2026-09-25", "2026-11-30", "week", j.store_of(0), "");
  const auto reg = j.report("2026-09-25", "2026-11-30", "", "", j.register_at(2));
  REQUIRE(store.ok());
  REQUIRE(reg.ok());
  return {store->dump(), reg->dump()};
}

// report_customer_days as an office of version 25 keyed it: by register first.
void customer_days_as_before_026(office::Sql& sql) {
  if (sql.is_postgresql()) {
    REQUIRE(
        sql.run("ALTER TABLE report_customer_days DROP CONSTRAINT report_customer_days_pkey").ok());
    REQUIRE(sql.run("ALTER TABLE report_customer_days ADD PRIMARY KEY (register_id, day, customer)")
                .ok());
    return;
  }
  REQUIRE(sql.run("CREATE TABLE report_customer_days_025 (register_id TEXT NOT NULL, day "
                  "INTEGER NOT NULL, customer TEXT NOT NULL, receipts INTEGER NOT NULL DEFAULT "
                  "0, revenue INTEGER NOT NULL DEFAULT 0, first_day INTEGER, PRIMARY KEY "
                  "(register_id, day, customer)) WITHOUT ROWID")
              .ok());
  REQUIRE(sql.run("INSERT INTO report_customer_days_025 SELECT register_id, day, customer, "
                  "receipts, revenue, first_day FROM report_customer_days")
              .ok());
  REQUIRE(sql.run("DROP TABLE report_customer_days").ok());
  REQUIRE(sql.run("ALTER TABLE report_customer_days_025 RENAME TO report_customer_days").ok());
  REQUIRE(sql.run("CREATE INDEX report_customer_days_by_customer ON "
                  "report_customer_days(customer, day)")
              .ok());
}

}  // namespace

TEST_CASE("migration 013 keeps every customer day and fills the chain's sums per day") {
  // An office upgraded to 013 with entries already in it: the customer days re-keyed by
  // register first hold the same rows, the chain's sums per day equal those kept while
  // pushing, and every report agrees.
  Journal j;
  j.random_journal(5, 200);
  REQUIRE(j.push_all());
  office::Sql& sql = j.t.store->sql();
  auto rows = [&] {
    return text_rows(sql, {"SELECT day, register_id, customer, receipts, revenue FROM "
                           "report_customer_days ORDER BY day, register_id, customer"});
  };
  const auto kept = rows();
  CHECK(kept.size() > 20);
  const auto filtered = filtered_reports(j);
  auto chain_rows = [&] {
    return text_rows(sql,
                     {"SELECT day, revenue_card, revenue_no_card, receipts_card, receipts_no_card, "
                      "issued, redeemed, adjusted, burned FROM report_chain_days ORDER BY day",
                      "SELECT day, program, receipts, revenue, discount, issued, redeemed FROM "
                      "report_chain_program_days ORDER BY day, program"});
  };
  const auto chain = chain_rows();
  CHECK(chain.size() > 20);
  const auto whole = j.report("2026-09-25", "2026-11-30", "day");
  REQUIRE(whole.ok());
  // Run again over the rows as they are, the chain's sums made anew from the registers'
  // rows: the same steps an upgrade takes. On SQLite 013 makes the table anew, so 015's
  // column is added again; PostgreSQL re-keys it in place.
  REQUIRE(sql.run("DROP TABLE report_chain_days").ok());
  REQUIRE(sql.run("DROP TABLE report_chain_program_days").ok());
  if (!sql.is_postgresql()) first_days_as_before_015(sql);
  run_migration(sql, 13);
  if (!sql.is_postgresql()) run_migration(sql, 15);
  CHECK(rows() == kept);
  CHECK(chain_rows() == chain);
  CHECK(j.report("2026-09-25", "2026-11-30", "day")->dump() == whole->dump());
  CHECK(filtered_reports(j) == filtered);
}

TEST_CASE("migration 015 gives every customer day its customer's first day") {
  // An office upgraded to 015 with entries already in it: the rows take the first days
  // kept in report_first_days, which goes, and a store's and a register's reports agree
  // with before.
  Journal j;
  j.random_journal(7, 200);
  REQUIRE(j.push_all());
  office::Sql& sql = j.t.store->sql();
  auto firsts = [&] {
    return text_rows(sql, {"SELECT day, register_id, customer, first_day FROM "
                           "report_customer_days ORDER BY day, register_id, customer"});
  };
  const auto kept = firsts();
  CHECK(kept.size() > 20);
  const auto filtered = filtered_reports(j);
  // The tables as version 14 left them, then the migration.
  first_days_as_before_015(sql);
  REQUIRE(sql.run("ALTER TABLE report_customer_days DROP COLUMN first_day").ok());
  run_migration(sql, 15);
  CHECK(firsts() == kept);
  CHECK(!sql.query("SELECT COUNT(*) FROM report_first_days").ok());
  CHECK(filtered_reports(j) == filtered);
}

TEST_CASE("migration 026 keeps every customer day, and a store's reports read them as before") {
  // Keyed by day first, a store's or a register's report finds its customer days by a seek
  // per day and register with sums: the same rows, the same answers, and the same figures
  // as the journal's once more receipts, refunds and cancellations arrive after.
  Journal j;
  j.random_journal(9, 200);
  REQUIRE(j.push_all());
  office::Sql& sql = j.t.store->sql();
  auto rows = [&] {
    return text_rows(sql, {"SELECT day, register_id, customer, receipts, revenue, first_day FROM "
                           "report_customer_days ORDER BY day, register_id, customer"});
  };
  const auto kept = rows();
  CHECK(kept.size() > 20);
  const auto filtered = filtered_reports(j);
  customer_days_as_before_026(sql);
  CHECK(rows() == kept);
  CHECK(filtered_reports(j) == filtered);
  run_migration(sql, 26);
  CHECK(rows() == kept);
  CHECK(filtered_reports(j) == filtered);
  const std::string reg = j.register_at(2);
  j.receipt(reg, "late-1", "2026-10-01T09:00:00Z", "2000000000015", 5000, 50, {});
  j.receipt(reg, "late-2", "2026-11-29T09:00:00Z", "2000000000022", 7000, 70, {});
  j.refund(reg, "late-1", "2026-11-29T10:00:00Z", 2000, 20);
  j.cancel(reg, "late-2", "2026-11-30T10:00:00Z", 7000, 70);
  REQUIRE(j.push_all());
  CHECK(filtered_reports(j) != filtered);
  j.check_against_brute_force(9, 8, false);
}

TEST_CASE("migration 027 lists every customer's rows, and pushes after it keep the lists") {
  // An office of version 26: no lists, the table's index by customer. The migration lists
  // each card's own customer's rows in the card's row and a customer record's in
  // report_customer_rows; merges and pushes after it find the rows by those lists.
  Journal j;
  j.random_journal(11, 200);
  j.put_customer("2000000000039", "c-1");  // a customer record's rows name their home card
  REQUIRE(j.push_all());
  office::Sql& sql = j.t.store->sql();
  REQUIRE(!sql.query("SELECT 1 FROM report_customer_rows WHERE customer = 'c-1'")->empty());
  auto lists = [&] {
    return text_rows(sql, {"SELECT number, report_rows FROM cards WHERE report_rows IS NOT NULL "
                           "ORDER BY number",
                           "SELECT customer, rows FROM report_customer_rows ORDER BY customer"});
  };
  // The journal's five cards, one of them c-1's home, and the line naming it.
  CHECK(lists().size() == 6);
  CHECK(sql.query("SELECT rows FROM report_customer_rows WHERE customer = 'c-1'")->at(0).text(0) ==
        "@2000000000039");
  const auto filtered = filtered_reports(j);
  REQUIRE(sql.run("DROP TABLE report_customer_rows").ok());
  REQUIRE(sql.run("ALTER TABLE cards DROP COLUMN report_rows").ok());
  REQUIRE(sql.run("CREATE INDEX report_customer_days_by_customer ON "
                  "report_customer_days(customer, day)")
              .ok());
  run_migration(sql, 27);
  office::test::check_customer_lists(sql);
  CHECK(filtered_reports(j) == filtered);
  const std::string reg = j.register_at(1);
  j.receipt(reg, "late-1", "2026-09-20T09:00:00Z", "2000000000015", 5000, 50, {});
  j.cancel(reg, "late-1", "2026-11-30T09:00:00Z", 5000, 50);
  j.receipt(reg, "late-2", "2026-11-30T10:00:00Z", "2000000000022", 7000, 70, {});
  REQUIRE(j.push_all());
  j.check_against_brute_force(11, 8, false);
}

TEST_CASE("a card's list kept in report_customer_rows while it had no row moves to its row") {
  // As migration 027 leaves a card's own customer whose card had no row: the list in the
  // table. The card's next receipt reads it from there, adds to it, and writes it to the
  // card's row; the visit counts see both days.
  Journal j;
  const std::string reg = j.register_in_store("");
  j.register_in_store("");
  j.register_in_store("");
  j.receipt(reg, "R1", "2026-11-02T09:00:00Z", "2000000000015", 5000, 50, {});
  REQUIRE(j.push_all());
  office::Sql& sql = j.t.store->sql();
  REQUIRE(sql.run("INSERT INTO report_customer_rows(customer, rows) SELECT 'card:' || number, "
                  "report_rows FROM cards WHERE number = '2000000000015'")
              .ok());
  REQUIRE(sql.run("UPDATE cards SET report_rows = NULL WHERE number = '2000000000015'").ok());
  j.receipt(reg, "R2", "2026-11-09T09:00:00Z", "2000000000015", 7000, 70, {});
  REQUIRE(j.push_all());
  CHECK(sql.query("SELECT 1 FROM report_customer_rows")->empty());
  CHECK(text_rows(sql, {"SELECT report_rows FROM cards WHERE number = '2000000000015'"}).at(0) ==
        "20759 1 " + reg + "\n20766 1 " + reg);
  office::test::check_customer_lists(sql);
  auto r = j.report("2026-11-01", "2026-11-30", "");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["repeat_rate"] == 1.0);  // one customer, two visit days
  j.check_against_brute_force(12, 6, true);
}
