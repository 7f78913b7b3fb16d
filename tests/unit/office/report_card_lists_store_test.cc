// A card's own customer's list of report rows travels in the push's one write of the card's
// row (report_customer_rows.h, CardRowLists), on the engine under test: written with the
// card, kept by a write that adds no row to it.
#include <doctest/doctest.h>

#include "office/report.h"
#include "test_support/office_migration.h"
#include "test_support/report_customer_lists.h"
#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;
using office::test::text_rows;

TEST_CASE("a card's list is written with its row, and kept by a push that adds no receipt") {
  Journal j;
  const std::string reg = j.register_in_store("");
  j.register_in_store("");
  j.register_in_store("");
  office::Sql& sql = j.t.store->sql();
  const auto list = [&] {
    return text_rows(sql, {"SELECT report_rows FROM cards WHERE number = '2000000000015'"}).at(0);
  };
  // The card's first receipt: its row is made with the list in it.
  j.receipt(reg, "R1", "2026-11-02T09:00:00Z", "2000000000015", 5000, 50, {});
  REQUIRE(j.push_all());
  CHECK(list() == "20759 1 " + reg);
  // An adjustment rewrites the card's row and adds no receipt.
  j.adjust("2000000000015", 30, "2026-11-06T09:00:00Z");
  REQUIRE(j.push_all());
  CHECK(list() == "20759 1 " + reg);
  // A second receipt and a refund of the first in one push: one row more, the refund's
  // money on its own day.
  j.receipt(reg, "R2", "2026-11-09T09:00:00Z", "2000000000015", 7000, 70, {});
  j.refund(reg, "R1", "2026-11-09T10:00:00Z", 1000, 10);
  REQUIRE(j.push_all());
  CHECK(list() == "20759 1 " + reg + "\n20766 1 " + reg);
  CHECK(sql.query("SELECT 1 FROM report_customer_rows")->empty());
  office::test::check_customer_lists(sql);
  j.check_against_brute_force(13, 6, true);
}

TEST_CASE("a birthday gift pushed alone rewrites the card's row and keeps its list") {
  Journal j;
  const std::string reg = j.register_in_store("");
  j.receipt(reg, "R1", "2026-11-02T09:00:00Z", "2000000000015", 5000, 50, {});
  REQUIRE(j.push_all());
  j.birthday(reg, "2000000000015", "2026-11-05T09:00:00Z", "bday", 200);
  REQUIRE(j.push_all());
  office::Sql& sql = j.t.store->sql();
  CHECK(text_rows(sql, {"SELECT report_rows FROM cards WHERE number = '2000000000015'"}).at(0) ==
        "20759 1 " + reg);
  office::test::check_customer_lists(sql);
  auto r = j.report("2026-11-01", "2026-11-30", "");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["points"]["issued"] == 250);  // the receipt's 50 and the gift's 200
  CHECK((*r)["totals"]["active_customers"] == 1);
}
