// Two processes on one PostgreSQL database pushing two cards of one customer record at once:
// each group reads the customer's list of report rows, adds its own and writes it back, so
// without a lock on the customer (report_customer_locks.h) the second write dropped the
// first's rows. The groups are held at a chosen point by a third session that keeps the
// customer's home card's row locked.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "office/pg_conn.h"
#include "office/pg_store.h"
#include "test_support/report_customer_lists.h"
#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;

namespace {

constexpr const char* kHome = "2000000000015";  // c-1's first card, their list's home
constexpr const char* kSecond = "2000000000022";
constexpr const char* kThird = "2000000000039";

std::string home_list(office::Sql& sql) {
  auto rows = sql.query("SELECT coalesce(report_rows, '') FROM cards WHERE number = $1", {kHome});
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  return rows->at(0).text(0);
}

// c-1 with three cards and a first receipt on kHome pushed at registers[0]: their list on
// kHome's row. Then one receipt queued on `first` at registers[1] and one on `second` at
// registers[2], on later days, for the test to push at once on two stores.
std::vector<std::string> three_cards_of_one_customer(Journal& j, const char* first,
                                                     const char* second) {
  std::vector<std::string> regs;
  for (int i = 0; i < 3; ++i) regs.push_back(j.register_in_store(""));
  for (const char* card : {kHome, kSecond, kThird}) j.put_customer(card, "c-1");
  j.receipt(regs[0], "R1", "2026-11-02T09:00:00Z", kHome, 5000, 50, {});
  REQUIRE(j.push_all());
  REQUIRE(home_list(j.t.store->sql()) == "@c-1\n20759 1 " + regs[0]);
  j.receipt(regs[1], "R2", "2026-11-09T09:00:00Z", first, 7000, 70, {});
  j.receipt(regs[2], "R3", "2026-11-16T09:00:00Z", second, 3000, 30, {});
  return regs;
}

// Pushes registers[1] on the journal's store and registers[2] on a second store of the same
// database, each on its own thread, while a session holds kHome's row: both groups get as far
// as they can. Then the session lets go and both must commit.
void push_both_while_the_home_row_is_held(Journal& j, const std::vector<std::string>& regs) {
  auto held = office::PgConn::connect(j.t.pg_url());
  REQUIRE(held.ok());
  REQUIRE((*held)->run("BEGIN").is_ok());
  REQUIRE((*held)->run("SELECT 1 FROM cards WHERE number = $1 FOR UPDATE", {kHome}).is_ok());
  auto other = office::PgStore::open(j.t.pg_url(), j.t.settings);
  REQUIRE(other.ok());
  std::vector<office::PendingPush> one{j.push_of(regs[1])}, two{j.push_of(regs[2])};
  core::Status first_done, second_done;
  std::atomic<int> finished{0};
  std::thread first([&] {
    first_done = j.t.store->apply_pushes(one, Journal::kReceived);
    ++finished;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::thread second([&] {
    second_done = (*other)->apply_pushes(two, Journal::kReceived);
    ++finished;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(finished.load() == 0);  // the first waits for the row, the second for it or c-1
  REQUIRE((*held)->run("COMMIT").is_ok());
  first.join();
  second.join();
  CHECK(first_done.is_ok());
  CHECK(second_done.is_ok());
  CHECK(one[0].result.applied == 1);
  CHECK(two[0].result.applied == 1);
}

// c-1's list holds the day of each of the three receipts, and every list its rows.
void check_all_three_days_listed(Journal& j, const std::vector<std::string>& regs) {
  office::Sql& sql = j.t.store->sql();
  CHECK(home_list(sql) ==
        "@c-1\n20759 1 " + regs[0] + "\n20766 1 " + regs[1] + "\n20773 1 " + regs[2]);
  office::test::check_customer_lists(sql);
}

}  // namespace

TEST_CASE("two processes pushing two other cards of one customer keep both their rows") {
  Journal j;
  if (!j.t.on_postgres()) return;  // SQLite has one writer at a time: nothing to interleave
  const auto regs = three_cards_of_one_customer(j, kSecond, kThird);
  push_both_while_the_home_row_is_held(j, regs);
  check_all_three_days_listed(j, regs);
  auto r = j.report("2026-11-01", "2026-11-30", "");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["active_customers"] == 1);
  CHECK((*r)["totals"]["repeat_rate"] == 1.0);
}

TEST_CASE("a process pushing a customer's home card keeps the rows another wrote meanwhile") {
  Journal j;
  if (!j.t.on_postgres()) return;
  // The second group writes the home card itself, whose list it read as the group began.
  const auto regs = three_cards_of_one_customer(j, kSecond, kHome);
  push_both_while_the_home_row_is_held(j, regs);
  check_all_three_days_listed(j, regs);
}
