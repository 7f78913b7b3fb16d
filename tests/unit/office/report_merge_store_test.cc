// Reports after two customers are merged (office.md "Reports": a customer is a card's
// customer), on the engine under test: one person is counted once, new and returning by
// their first receipt on either record, and a refund of a receipt of the merged customer
// comes off the survivor. Once the report kept counting them as they were when pushed.
#include <doctest/doctest.h>

#include "office/customer_actions.h"
#include "office/report_customer_move.h"
#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;

namespace {

core::Json totals(Journal& j, const char* from, const char* to) {
  auto r = j.report(from, to, "day");
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  return (*r)["totals"];
}

}  // namespace

TEST_CASE("merged customers are one customer in every report, refunds included") {
  Journal j;
  const std::string reg = j.register_in_store("");
  j.put_customer("2000000000015", "c-1");
  j.put_customer("2000000000022", "c-2");
  // c-2's card bought on 10.11, c-1's on 17.11 and 24.11.
  j.receipt(reg, "R1", "2026-11-10T09:00:00Z", "2000000000022", 10000, 0, {});
  j.receipt(reg, "R2", "2026-11-17T09:00:00Z", "2000000000015", 20000, 0, {});
  j.receipt(reg, "R3", "2026-11-24T09:00:00Z", "2000000000015", 30000, 0, {});
  REQUIRE(j.push_all());
  core::Json week = totals(j, "2026-11-16", "2026-11-22");
  CHECK(week["new_customers"] == 1);  // as two people: c-1 came first on 17.11
  CHECK(week["retention"] == 0.0);
  CHECK(week["clv"] == 15000);  // (10 000 + 20 000) ÷ 2

  auto merged = office::merge_customers(*j.t.store, "c-1", "c-2", 1000);
  REQUIRE_MESSAGE(merged.ok(), merged.status().message());
  week = totals(j, "2026-11-16", "2026-11-22");
  CHECK(week["active_customers"] == 1);
  CHECK(week["new_customers"] == 0);  // one person, first seen on 10.11
  CHECK(week["retention"] == 1.0);    // active 09.11–15.11 and again
  CHECK(week["clv"] == 30000);        // 10 000 + 20 000, one customer
  core::Json month = totals(j, "2026-11-01", "2026-11-30");
  CHECK(month["active_customers"] == 1);
  CHECK(month["new_customers"] == 1);
  CHECK(month["repeat_rate"] == 1.0);
  CHECK(month["frequency"] == 3.0);
  // The same by the register's store-less rows (read from the customer days).
  auto by_register = j.report("2026-11-16", "2026-11-22", "day", "", reg);
  REQUIRE(by_register.ok());
  CHECK((*by_register)["totals"]["new_customers"] == 0);

  // A refund of c-2's receipt, pushed after the merge, comes off the survivor.
  j.refund(reg, "R1", "2026-11-25T09:00:00Z", 10000, 0);
  REQUIRE(j.push_all());
  CHECK(
      j.t.store->sql().query("SELECT 1 FROM report_customer_days WHERE customer = 'c-2'")->empty());
  month = totals(j, "2026-11-01", "2026-11-30");
  CHECK(month["revenue"]["card"] == 50000);
  CHECK(month["active_customers"] == 1);
  CHECK(month["new_customers"] == 1);
  week = totals(j, "2026-11-16", "2026-11-22");
  CHECK(week["new_customers"] == 0);  // a refund leaves the visit: still first seen 10.11
  CHECK(week["retention"] == 1.0);
  office::test::check_customer_lists(j.t.store->sql());
}

TEST_CASE("a card sold without a customer and given one brings its history along") {
  Journal j;
  const std::string reg = j.register_in_store("");
  j.put_customer("2000000000046", "c-3");
  j.receipt(reg, "R1", "2026-11-10T09:00:00Z", "2000000000039", 10000, 0, {});  // no customer
  j.receipt(reg, "R2", "2026-11-17T09:00:00Z", "2000000000046", 20000, 0, {});
  REQUIRE(j.push_all());
  CHECK(totals(j, "2026-11-01", "2026-11-30")["active_customers"] == 2);
  j.put_customer("2000000000039", "c-3");
  REQUIRE(office::give_card_history(j.t.store->sql(), "2000000000039", "c-3").is_ok());
  core::Json month = totals(j, "2026-11-01", "2026-11-30");
  CHECK(month["active_customers"] == 1);
  CHECK(month["repeat_rate"] == 1.0);
  CHECK(totals(j, "2026-11-16", "2026-11-22")["new_customers"] == 0);
  j.cancel(reg, "R1", "2026-11-20T09:00:00Z", 10000, 0);  // off c-3, not the card's own
  REQUIRE(j.push_all());
  CHECK(totals(j, "2026-11-16", "2026-11-22")["new_customers"] == 1);
  CHECK(j.t.store->sql()
            .query("SELECT 1 FROM report_customer_days WHERE customer = 'card:2000000000039'")
            ->empty());
  office::test::check_customer_lists(j.t.store->sql());
}

TEST_CASE("a lost card without a customer and its replacement are one customer") {
  Journal j;
  const std::string reg = j.register_in_store("");
  // An anonymous card buys on 05.10; it is lost and replaced; the new card buys on 05.11.
  j.receipt(reg, "R1", "2026-10-05T09:00:00Z", "2000000000015", 10000, 0, {});
  REQUIRE(j.push_all());
  auto replaced = office::replace_card(*j.t.store, "2000000000015", "2000000000022", 1000);
  REQUIRE_MESSAGE(replaced.ok(), replaced.status().message());
  j.receipt(reg, "R2", "2026-11-05T09:00:00Z", "2000000000022", 10000, 0, {});
  // A refund of the lost card's receipt, journalled after, comes off the same person.
  j.refund(reg, "R1", "2026-11-06T09:00:00Z", 1000, 0);
  REQUIRE(j.push_all());
  core::Json both = totals(j, "2026-10-01", "2026-11-30");
  CHECK(both["active_customers"] == 1);  // was 2: the replacement counted as someone new
  CHECK(both["new_customers"] == 1);
  CHECK(both["repeat_rate"] == 1.0);
  CHECK(both["frequency"] == 2.0);
  CHECK(both["clv"] == 19000);
  core::Json november = totals(j, "2026-11-01", "2026-11-30");
  CHECK(november["active_customers"] == 1);
  CHECK(november["new_customers"] == 0);
  CHECK(november["retention"] == 1.0);
  CHECK(november["clv"] == 19000);

  // Given a customer later, the card brings the whole history, the lost card's included.
  j.put_customer("2000000000022", "c-1");
  REQUIRE(office::give_card_history(j.t.store->sql(), "2000000000022", "c-1").is_ok());
  CHECK(j.t.store->sql()
            .query("SELECT 1 FROM report_customer_days WHERE customer LIKE 'card:%'")
            ->empty());
  j.refund(reg, "R1", "2026-11-07T09:00:00Z", 1000, 0);
  REQUIRE(j.push_all());
  both = totals(j, "2026-10-01", "2026-11-30");
  CHECK(both["active_customers"] == 1);
  CHECK(both["clv"] == 18000);
  CHECK(j.t.store->sql()
            .query("SELECT 1 FROM report_customer_days WHERE customer LIKE 'card:%'")
            ->empty());
  office::test::check_customer_lists(j.t.store->sql());
}
