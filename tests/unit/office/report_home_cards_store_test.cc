// A customer record's list of report rows lives on the row of one of their cards, their
// home card (report_customer_rows.h), named there, with report_customer_rows saying which
// card: on the engine under test, their other cards find it, a list kept whole in the table
// moves home, and a card whose row holds another customer's list keeps it.
#include <doctest/doctest.h>

#include "office/customer_actions.h"
#include "office/report.h"
#include "test_support/report_customer_lists.h"
#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;

namespace {

std::string card_list(office::Sql& sql, const std::string& number) {
  auto rows =
      sql.query("SELECT coalesce(report_rows, 'none') FROM cards WHERE number = $1", {number});
  REQUIRE(rows.ok());
  return rows->empty() ? "no row" : rows->at(0).text(0);
}

std::string table_line(office::Sql& sql, const std::string& customer) {
  auto rows = sql.query("SELECT rows FROM report_customer_rows WHERE customer = $1", {customer});
  REQUIRE(rows.ok());
  return rows->empty() ? "none" : rows->at(0).text(0);
}

// Three registers without a store (the brute force's chain), card 2000000000015 c-1's and
// its first receipt pushed, at the first register, whose id it returns.
std::string c1_first_receipt(Journal& j) {
  const std::string reg = j.register_in_store("");
  j.register_in_store("");
  j.register_in_store("");
  j.put_customer("2000000000015", "c-1");
  j.receipt(reg, "R1", "2026-11-02T09:00:00Z", "2000000000015", 5000, 50, {});
  REQUIRE(j.push_all());
  return reg;
}

}  // namespace

TEST_CASE("a customer record's list lives on their card's row, where their other card finds it") {
  Journal j;
  j.put_customer("2000000000022", "c-1");
  const std::string reg = c1_first_receipt(j);
  office::Sql& sql = j.t.store->sql();
  CHECK(card_list(sql, "2000000000015") == "@c-1\n20759 1 " + reg);
  CHECK(table_line(sql, "c-1") == "@2000000000015");
  // Their other card: the list stays on the first card's row, one customer on two days.
  j.receipt(reg, "R2", "2026-11-09T09:00:00Z", "2000000000022", 7000, 70, {});
  REQUIRE(j.push_all());
  CHECK(card_list(sql, "2000000000015") == "@c-1\n20759 1 " + reg + "\n20766 1 " + reg);
  CHECK(card_list(sql, "2000000000022") == "none");
  CHECK(table_line(sql, "c-1") == "@2000000000015");
  // Both cards in one push, and a cancellation of the first visit: the first day moves.
  j.receipt(reg, "R3", "2026-11-16T09:00:00Z", "2000000000022", 3000, 30, {});
  j.cancel(reg, "R1", "2026-11-16T10:00:00Z", 5000, 50);
  REQUIRE(j.push_all());
  CHECK(card_list(sql, "2000000000015") ==
        "@c-1\n20759 0 " + reg + "\n20766 1 " + reg + "\n20773 1 " + reg);
  office::test::check_customer_lists(sql);
  auto r = j.report("2026-11-01", "2026-11-30", "");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["active_customers"] == 1);
  CHECK((*r)["totals"]["new_customers"] == 1);
  CHECK((*r)["totals"]["repeat_rate"] == 1.0);  // two days with a receipt left
  auto first =
      sql.query("SELECT DISTINCT first_day FROM report_customer_days WHERE customer = 'c-1'");
  REQUIRE(first.ok());
  REQUIRE(first->size() == 1);
  CHECK(first->at(0).text(0) == "20766");
}

TEST_CASE("a list kept whole in report_customer_rows moves to its customer's card") {
  // As lists were written before home cards: the whole list in the table.
  Journal j;
  const std::string reg = c1_first_receipt(j);
  office::Sql& sql = j.t.store->sql();
  REQUIRE(sql.run("UPDATE cards SET report_rows = NULL WHERE number = '2000000000015'").ok());
  REQUIRE(sql.run("UPDATE report_customer_rows SET rows = $1 WHERE customer = 'c-1'",
                  {"20759 1 " + reg})
              .ok());
  office::test::check_customer_lists(sql);
  j.receipt(reg, "R2", "2026-11-09T09:00:00Z", "2000000000015", 7000, 70, {});
  REQUIRE(j.push_all());
  CHECK(card_list(sql, "2000000000015") == "@c-1\n20759 1 " + reg + "\n20766 1 " + reg);
  CHECK(table_line(sql, "c-1") == "@2000000000015");
  j.check_against_brute_force(17, 6, true);
}

TEST_CASE("a card whose row holds another customer's list keeps it, and theirs go to the table") {
  Journal j;
  const std::string reg = c1_first_receipt(j);
  office::Sql& sql = j.t.store->sql();
  // The card given to another customer: c-1's list stays where the table says it is.
  j.put_customer("2000000000015", "c-2");
  j.receipt(reg, "R2", "2026-11-09T09:00:00Z", "2000000000015", 7000, 70, {});
  REQUIRE(j.push_all());
  CHECK(card_list(sql, "2000000000015") == "@c-1\n20759 1 " + reg);
  CHECK(table_line(sql, "c-2") == "20766 1 " + reg);
  // And then to nobody: the card's own customer's list goes to the table too.
  core::CardState bare;
  bare.number = "2000000000015";
  REQUIRE(j.t.store->put_card(bare).ok());
  j.receipt(reg, "R3", "2026-11-16T09:00:00Z", "2000000000015", 3000, 30, {});
  REQUIRE(j.push_all());
  CHECK(card_list(sql, "2000000000015") == "@c-1\n20759 1 " + reg);
  CHECK(table_line(sql, "card:2000000000015") == "20773 1 " + reg);
  office::test::check_customer_lists(sql);
  auto r = j.report("2026-11-01", "2026-11-30", "");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["active_customers"] == 3);
  CHECK((*r)["totals"]["new_customers"] == 3);
}

TEST_CASE("a customer id of two lines keeps its list in report_customer_rows") {
  // No edit makes one (ids have no control characters), but a list's first line could not
  // name it.
  Journal j;
  const std::string reg = j.register_in_store("");
  j.register_in_store("");
  j.register_in_store("");
  core::CardState card;
  card.number = "2000000000015";
  card.customer.emplace();
  card.customer->id = "c\n1";
  REQUIRE(j.t.store->put_card(card).ok());
  j.receipt(reg, "R1", "2026-11-02T09:00:00Z", "2000000000015", 5000, 50, {});
  REQUIRE(j.push_all());
  office::Sql& sql = j.t.store->sql();
  CHECK(card_list(sql, "2000000000015") == "none");
  CHECK(table_line(sql, "c\n1") == "20759 1 " + reg);
  office::test::check_customer_lists(sql);
}

TEST_CASE("a merged customer's card becomes another's home while the line naming it stays") {
  // c-2 merged into c-1: c-2's list leaves their card, whose row is then free; given to c-3,
  // the card becomes c-3's home, and the table names it for c-2 and c-3 both.
  Journal j;
  j.put_customer("2000000000022", "c-2");
  const std::string reg = c1_first_receipt(j);
  office::Sql& sql = j.t.store->sql();
  j.receipt(reg, "R2", "2026-11-09T09:00:00Z", "2000000000022", 7000, 70, {});
  REQUIRE(j.push_all());
  REQUIRE(office::merge_customers(*j.t.store, "c-1", "c-2", 1000).ok());
  CHECK(card_list(sql, "2000000000015") == "@c-1\n20759 1 " + reg + "\n20766 1 " + reg);
  CHECK(card_list(sql, "2000000000022") == "none");
  CHECK(table_line(sql, "c-2") == "@2000000000022");
  j.put_customer("2000000000022", "c-3");
  j.receipt(reg, "R3", "2026-11-16T09:00:00Z", "2000000000022", 3000, 30, {});
  REQUIRE(j.push_all());
  CHECK(card_list(sql, "2000000000022") == "@c-3\n20773 1 " + reg);
  CHECK(table_line(sql, "c-3") == "@2000000000022");
  office::test::check_customer_lists(sql);  // reads c-2's and c-3's lists in one read
  auto r = j.report("2026-11-01", "2026-11-30", "");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["active_customers"] == 2);
  CHECK((*r)["totals"]["new_customers"] == 2);
}
