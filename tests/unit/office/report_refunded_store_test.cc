// A receipt returned to the last by refunds (office.md "Reports": receipts net of their
// refunds and cancellations), on the engine under test: it leaves the count on its own day
// as a cancelled one does, while each refund's money stays on the refund's day. Once only a
// cancellation took a receipt off the count, so partial refunds that together returned a
// whole receipt left it counted, its customer active and its program's receipt touched.
#include <doctest/doctest.h>

#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;

TEST_CASE("a receipt refunded to the last is counted nowhere; its refunds' money stays") {
  Journal j;
  const std::string reg = j.register_in_store("");
  j.receipt(reg, "R1", "2026-11-03T09:00:00Z", "2000000000015", 10000, 0, {{"b1", 300}});
  j.receipt(reg, "R2", "2026-11-03T10:00:00Z", "2000000000022", 5000, 0, {});
  j.refund(reg, "R1", "2026-11-04T09:00:00Z", 4000, 0);
  REQUIRE(j.push_all());
  // Before the last refund the receipt counts, net of the 40 ₽ returned.
  auto r = j.report("2026-11-03", "2026-11-05", "day");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["receipts"]["card"] == 2);
  CHECK((*r)["totals"]["active_customers"] == 2);
  j.refund(reg, "R1", "2026-11-05T09:00:00Z", 6000, 0, true);  // in a later push
  REQUIRE(j.push_all());
  r = j.report("2026-11-03", "2026-11-05", "day");
  REQUIRE(r.ok());
  const core::Json& t = (*r)["totals"];
  CHECK(t["receipts"]["card"] == 1);
  CHECK(t["revenue"]["card"] == 5000);
  CHECK(t["average_check"]["card"] == 5000);
  CHECK(t["active_customers"] == 1);
  CHECK(t["new_customers"] == 1);
  CHECK(t["frequency"] == 1.0);
  const core::Json& g = (*r)["groups"];
  REQUIRE(g.size() == 3);
  CHECK(g[0]["receipts"]["card"] == 1);  // the receipt's own day: R2 alone
  CHECK(g[0]["revenue"]["card"] == 15000);
  CHECK(g[1]["revenue"]["card"] == -4000);
  CHECK(g[2]["revenue"]["card"] == -6000);
  CHECK(g[2]["receipts"]["card"] == 0);
  // Its program touched no receipt that is left, and gave no discount that stands.
  REQUIRE((*r)["programs"].size() == 1);
  CHECK((*r)["programs"][0]["receipts"] == 0);
  CHECK((*r)["programs"][0]["discount"] == 0);
  // The register's cancel after it returns nothing and takes nothing more off.
  j.cancel(reg, "R1", "2026-11-05T10:00:00Z", 0, 0, false);
  REQUIRE(j.push_all());
  r = j.report("2026-11-03", "2026-11-05", "");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["receipts"]["card"] == 1);
  CHECK((*r)["totals"]["revenue"]["card"] == 5000);
}

TEST_CASE("a receipt refunded to the last in the push that made it is counted nowhere") {
  Journal j;
  const std::string reg = j.register_in_store("Europe/Moscow");
  j.receipt(reg, "R1", "2026-11-03T09:00:00Z", "", 2000, 0, {});
  j.refund(reg, "R1", "2026-11-03T12:00:00Z", 2000, 0, true);
  REQUIRE(j.push_all());
  auto r = j.report("2026-11-01", "2026-11-30", "");
  REQUIRE(r.ok());
  CHECK((*r)["totals"]["receipts"]["no_card"] == 0);
  CHECK((*r)["totals"]["revenue"]["no_card"] == 0);
  CHECK((*r)["totals"]["average_check"]["no_card"].is_null());
}
