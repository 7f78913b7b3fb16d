// The summary report against the journal it summarises, on the engine under test (SQLite,
// or PostgreSQL under unit_office_postgresql): hand-computed cases with exact numbers from
// office.md's rules, and a property test that pushes random receipts, refunds,
// cancellations and adjustments from registers in different time zones, in random order,
// through the real push path, and recomputes every figure by brute force from the entries.
#include <doctest/doctest.h>

#include <sstream>
#include <tuple>

#include "office/report.h"
#include "test_support/office_migration.h"
#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;
using office::test::text_rows;

TEST_CASE("a birthday program's gifts are its points issued, as they are the chain's") {
  // office.md: per program "points issued and redeemed", and birthday grants count as
  // issued. The totals had the gift; the birthday program's own row said 0.
  Journal j;
  const std::string ms = j.register_in_store("");
  j.birthday(ms, "2000000000015", "2026-11-03T09:00:00Z", "bday", 200);
  j.receipt(ms, "R1", "2026-11-03T10:00:00Z", "2000000000015", 10000, 100, {{"b1", 0}});
  REQUIRE(j.push_all());
  auto r = j.report("2026-11-03", "2026-11-03", "day");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["points"]["issued"] == 300);
  std::map<std::string, core::Json> programs;
  for (const auto& p : (*r)["programs"]) programs[p["program"].get<std::string>()] = p;
  REQUIRE(programs.count("bday"));
  CHECK(programs["bday"]["points_issued"] == 200);
  CHECK(programs["bday"]["receipts"] == 0);
  CHECK(programs["b1"]["points_issued"] == 100);
}

TEST_CASE("one birthday gift journalled offline by two registers is issued once") {
  // Head office applies the second grant of a program's year as nothing (core/effects.cc):
  // the reports must not count its points as issued either.
  Journal j;
  const std::string a = j.register_in_store(""), b = j.register_in_store("");
  j.birthday(a, "2000000000015", "2026-11-03T09:00:00Z", "bday", 200);
  j.birthday(b, "2000000000015", "2026-11-03T10:00:00Z", "bday", 200);
  REQUIRE(j.push_all());
  auto r = j.report("2026-11-03", "2026-11-03", "day");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["points"]["issued"] == 200);
  CHECK((*r)["totals"]["points"]["liability"] == 200);
}

TEST_CASE("a receipt, its refund on a later day and a cancelled receipt, by the exact rules") {
  Journal j;
  const std::string vl = j.register_in_store("Asia/Vladivostok");  // UTC+10
  const std::string ms = j.register_in_store("");                  // head office's zone
  // 2026-11-02 23:30 in Moscow is 2026-11-03 06:30 in Vladivostok: the store's day counts.
  j.receipt(vl, "R1", "2026-11-02T20:30:00Z", "2000000000015", 10000, 100, {{"b1", 500}});
  j.receipt(ms, "R2", "2026-11-02T20:30:00Z", "", 3333, 0, {});
  j.receipt(ms, "R3", "2026-11-03T09:00:00Z", "2000000000022", 7000, 70, {});
  j.refund(vl, "R1", "2026-11-04T09:00:00Z", 2500, 25);
  j.cancel(ms, "R3", "2026-11-05T09:00:00Z", 7000, 70);
  j.adjust("2000000000015", 40, "2026-11-05T09:00:00Z");
  REQUIRE(j.push_all());

  auto r = j.report("2026-11-02", "2026-11-08", "day");
  REQUIRE(r.ok());
  const core::Json& t = (*r)["totals"];
  CHECK(t["revenue"] == core::Json{{"card", 7500}, {"no_card", 3333}, {"all", 10833}});
  CHECK(t["receipts"] == core::Json{{"card", 1}, {"no_card", 1}, {"all", 2}});
  CHECK(t["average_check"] == core::Json{{"card", 7500}, {"no_card", 3333}, {"all", 5417}});
  CHECK(t["active_customers"] == 1);
  CHECK(t["new_customers"] == 1);
  CHECK(t["frequency"] == 1.0);
  CHECK(t["clv"] == 7500);
  CHECK(t["points"]["issued"] == 75);
  CHECK(t["points"]["adjusted"] == 40);
  CHECK(t["points"]["liability"] == 115);
  CHECK(t["points"]["liability_money"] == 11500);
  // Days: R2 on 11-02 (Moscow), R1 on 11-03 (Vladivostok), the refund on 11-04; R3 is gone.
  const core::Json& g = (*r)["groups"];
  REQUIRE(g.size() == 7);
  CHECK(g[0]["period"] == "2026-11-02");
  CHECK(g[0]["revenue"]["all"] == 3333);
  CHECK(g[1]["revenue"]["card"] == 10000);
  CHECK(g[1]["receipts"]["card"] == 1);
  CHECK(g[2]["revenue"]["card"] == -2500);
  CHECK(g[2]["receipts"]["all"] == 0);
  CHECK(g[2]["average_check"]["all"].is_null());
  CHECK(g[3]["receipts"]["all"] == 0);
  CHECK(g[3]["points"]["adjusted"] == 40);
  REQUIRE((*r)["programs"].size() == 1);
  CHECK((*r)["programs"][0] == core::Json{{"program", "b1"},
                                          {"receipts", 1},
                                          {"discount", 500},
                                          {"points_issued", 75},
                                          {"points_redeemed", 0},
                                          {"average_check", 7500},
                                          {"average_check_without", nullptr}});
  auto csv = office::summary_csv(*r);
  CHECK(csv.rfind("period,revenue_card,revenue_no_card,revenue_all,", 0) == 0);
  // The wallets' figures close each row (no wallet here: zeros).
  CHECK(csv.find("\r\ntotal,7500,3333,10833,1,1,2,7500,3333,5417,1,1,0.0000,,1.0000,7500,"
                 "75,0,0,40,115,11500,0,0,0,0,0\r\n") != std::string::npos);
  CHECK(csv.find(",liability_money,wallet_topped_up,wallet_bonus,wallet_paid,wallet_returned,"
                 "wallet_liability\r\n") != std::string::npos);
}

TEST_CASE("a cancellation taking back points already spent counts against their program") {
  // T2 earns 59 cashback points; T3 spends all 59 and earns 56; T2 is cancelled, taking its
  // 59 back into debt. Its emptied lot had left the card (core/card_fold.h), so the program
  // was found nowhere and the cashback row kept the 59 the totals took back.
  Journal j;
  j.draws_name_their_lots = true;
  const std::string ms = j.register_in_store("");
  j.receipt(ms, "T2", "2026-11-16T09:00:00Z", "2000000000015", 119800, 59, {{"cb", 0}});
  j.receipt(ms, "T3", "2026-11-17T09:00:00Z", "2000000000015", 119800, 56, {{"cb", 0}},
            std::nullopt, {{ms + ":1/0", 59}});
  j.cancel(ms, "T2", "2026-11-18T09:00:00Z", 119800, 59);
  REQUIRE(j.push_all());
  for (const auto& [from, to, issued, redeemed] :
       {std::tuple{"2026-11-18", "2026-11-18", -59, 0}, {"2026-11-16", "2026-11-18", 56, 59}}) {
    auto r = j.report(from, to, "");
    REQUIRE(r.ok());
    CHECK((*r)["totals"]["points"]["issued"] == issued);
    CHECK((*r)["totals"]["points"]["redeemed"] == redeemed);
    REQUIRE((*r)["programs"].size() == 1);
    CHECK((*r)["programs"][0]["program"] == "cb");
    CHECK((*r)["programs"][0]["points_issued"] == issued);
    CHECK((*r)["programs"][0]["points_redeemed"] == redeemed);
  }
}

TEST_CASE("a receipt cancelled twice is taken off the count once") {
  // Three cancels of one receipt, pushed with one register's credential under new ids,
  // made the day's receipts -2. A register cancels a receipt once; another is forged.
  Journal j;
  const std::string ms = j.register_in_store("");
  j.receipt(ms, "R1", "2026-11-03T09:00:00Z", "", 7000, 0, {});
  j.receipt(ms, "R2", "2026-11-03T10:00:00Z", "", 3000, 0, {});
  j.cancel(ms, "R1", "2026-11-04T09:00:00Z", 7000, 0);
  REQUIRE(j.push_all());
  j.cancel(ms, "R1", "2026-11-05T09:00:00Z", 0, 0);  // in a later push: its row was removed
  REQUIRE(j.push_all());
  auto r = j.report("2026-11-03", "2026-11-08", "day");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["receipts"]["all"] == 1);
  CHECK((*r)["totals"]["revenue"]["all"] == 3000);
}

TEST_CASE("points burn the day after their lot's last day, less what was spent from the lot") {
  Journal j;
  const std::string reg = j.register_in_store("");
  // 100 points usable through 2026-11-10; 30 of them spent on 11-05: 70 burn on 11-11.
  j.receipt(reg, "R1", "2026-11-01T09:00:00Z", "2000000000015", 10000, 100, {}, 9);
  j.receipt(reg, "R2", "2026-11-05T09:00:00Z", "2000000000015", 2000, 0, {}, std::nullopt,
            {{reg + ":1/0", 30}});
  REQUIRE(j.push_all());
  auto r = j.report("2026-11-01", "2026-11-30", "month");
  REQUIRE(r.ok());
  const core::Json& p = (*r)["totals"]["points"];
  CHECK(p["issued"] == 100);
  CHECK(p["redeemed"] == 30);
  CHECK(p["burned"] == 70);
  CHECK(p["liability"] == 0);
  CHECK((*r)["groups"][0]["period"] == "2026-11-01");
  auto before = j.report("2026-11-01", "2026-11-10", "");
  REQUIRE(before.ok());
  CHECK((*before)["totals"]["points"]["burned"] == 0);
  CHECK((*before)["totals"]["points"]["liability"] == 70);
}

TEST_CASE("every figure equals a brute-force recomputation from random entries") {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    Journal j;
    j.random_journal(seed, 260);
    REQUIRE(j.push_all());
    j.check_against_brute_force(seed);
  }
}

namespace {

// The visit counts as stored, without rows that count nothing.
std::vector<std::string> visit_rows(office::Sql& sql) {
  return text_rows(
      sql, {"SELECT 's', day, prev, n FROM report_visit_steps WHERE n <> 0 ORDER BY day, prev",
            "SELECT 'g', prev, next, n FROM report_visit_gaps WHERE n <> 0 ORDER BY prev, next"});
}

}  // namespace

TEST_CASE("the visit counts kept while pushing equal those migration 011 computes") {
  // Registers push out of order (late entries land before visits already counted) and
  // cancellations take visits away; an office upgraded to 011 fills the same counts.
  Journal j;
  j.random_journal(7, 300);
  REQUIRE(j.push_all());
  office::Sql& sql = j.t.store->sql();
  const auto kept = visit_rows(sql);
  CHECK(kept.size() > 20);
  const auto& migrations =
      sql.is_postgresql() ? schema::office_pg_migrations() : schema::office_migrations();
  const auto it = std::find_if(migrations.begin(), migrations.end(), [](const std::string& m) {
    return m.find("CREATE TABLE report_visit_steps") != std::string::npos;
  });
  REQUIRE(it != migrations.end());
  REQUIRE(sql.run("DELETE FROM report_visit_steps").ok());
  REQUIRE(sql.run("DELETE FROM report_visit_gaps").ok());
  std::string fill = it->substr(it->find("INSERT INTO report_visit_steps"));
  const auto second = fill.find("INSERT INTO report_visit_gaps");
  REQUIRE(sql.run(fill.substr(0, second)).ok());
  REQUIRE(sql.run(fill.substr(second)).ok());
  CHECK(visit_rows(sql) == kept);
}

TEST_CASE(
    "each customer's first day is kept equal to their first visit, written only when it moves") {
  // The flush writes a customer's first day only when their first visit moves: earlier with
  // a receipt pushed late, later or gone with a cancellation. Out-of-order pushes and
  // cancellations of first visits, against the first day recomputed from the customer days.
  for (unsigned seed = 31; seed <= 33; ++seed) {
    CAPTURE(seed);
    Journal j;
    j.random_journal(seed, 300);
    REQUIRE(j.push_all());
    office::Sql& sql = j.t.store->sql();
    // Every customer day carries its customer's first visit over the whole chain (schema
    // 015), NULL for a customer with none left: one value per customer.
    const auto kept =
        text_rows(sql, {"SELECT DISTINCT customer, first_day FROM report_customer_days "
                        "ORDER BY customer, first_day"});
    CHECK(kept.size() >= 3);
    CHECK(kept ==
          text_rows(sql, {"SELECT customer, MIN(CASE WHEN n > 0 THEN day END) FROM (SELECT "
                          "customer, day, SUM(receipts) AS n FROM report_customer_days GROUP BY "
                          "customer, day) v GROUP BY customer ORDER BY customer"}));
    auto count = [&](const char* statement) {
      auto n = office::query_int(sql, statement, {});
      REQUIRE(n.ok());
      return n->value_or(-1);
    };
    CHECK(count("SELECT COUNT(*) FROM report_customer_days WHERE first_day < day") > 10);
  }
}

TEST_CASE("a first visit cancelled moves the customer's first day later, the last one removes it") {
  Journal j;
  const std::string reg = j.register_in_store("");
  j.receipt(reg, "R1", "2026-11-05T09:00:00Z", "2000000000015", 1000, 0, {});
  j.receipt(reg, "R2", "2026-11-03T09:00:00Z", "2000000000015", 2000, 0, {});
  j.receipt(reg, "R3", "2026-11-04T09:00:00Z", "2000000000022", 3000, 0, {});
  j.cancel(reg, "R2", "2026-11-06T09:00:00Z", 2000, 0);
  j.cancel(reg, "R3", "2026-11-06T09:00:00Z", 3000, 0);
  REQUIRE(j.push_all());
  // Every customer day carries it: the cancelled first visit's row as well.
  auto days = j.t.store->sql().query(
      "SELECT customer, day, first_day FROM report_customer_days ORDER BY customer, day");
  REQUIRE(days.ok());
  REQUIRE(days->size() == 3);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK((*days)[i].text(0) == "card:2000000000015");
    CHECK((*days)[i].int64(2) == *core::parse_date("2026-11-05"));
  }
  CHECK((*days)[2].text(0) == "card:2000000000022");
  CHECK((*days)[2].is_null(2));
  auto r = j.report("2026-11-01", "2026-11-30", "");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["new_customers"] == 1);
  CHECK((*r)["totals"]["active_customers"] == 1);
}

TEST_CASE("customer figures over the whole chain for periods of every length and alignment") {
  // Each period against the brute force: the visit counts answer the chain-wide report.
  Journal j;
  j.random_journal(11, 400);
  REQUIRE(j.push_all());
  j.check_against_brute_force(11, 12, true);
}

TEST_CASE("customer figures of a store and of a register, counted in memory, for every period") {
  // A store's or a register's customer figures and CLV come from one read of its customer
  // days, counted for every group at once: each against the brute force.
  for (unsigned seed = 21; seed <= 22; ++seed) {
    CAPTURE(seed);
    Journal j;
    j.random_journal(seed, 400);
    REQUIRE(j.push_all());
    j.check_against_brute_force(seed, 16, false);
  }
}
