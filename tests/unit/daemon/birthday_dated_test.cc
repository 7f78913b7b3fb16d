// A birthday gift depends on the receipt's `at` alone (programs.md "Units"), whatever the
// register's clock says: the confirm journals the gift due at `at` before the receipt, so
// the card never spends points it did not receive (that once left it in debt) and a
// receipt dated within the gift's days may spend it.
#include <doctest/doctest.h>

#include "core/time.h"
#include "test_support/daemon_app.h"

using kopilka::test::kAdmin;
using kopilka::test::TestApp;

namespace {

// The register's clock is 2026-11-24 12:00 in Moscow (TestApp).
void add_gift_and_card(TestApp& t, const std::string& number, const std::string& birthday) {
  REQUIRE(t.call("PUT", "/v1/admin/programs/bd",
                 R"({"id": "bd", "name": "ДР", "kind": "birthday", "grant": 1000,
                     "days_before": 7, "points": {"lifetime_days": 14}})",
                 kAdmin)
              .status == 201);
  REQUIRE(t.call("PUT", "/v1/admin/cards/" + number,
                 R"({"customer": {"id": "c-)" + number + R"(", "name": "Анна", "birthday": ")" +
                     birthday + R"("}})",
                 kAdmin)
              .status == 201);
}

std::string sale(const std::string& id, const std::string& at, const std::string& card) {
  return R"({"receipt_id": ")" + id + R"(", "at": ")" + at + R"(", "card": ")" + card +
         R"(", "redeem_points": 100, "lines": [{"line": 1, "qty": 1, "price": 50000}]})";
}

void check_redeemed(TestApp& t, const std::string& body, int redeemed, int balance_after) {
  auto calc = t.call("POST", "/v1/receipts/calculate", body);
  REQUIRE(calc.status == 200);
  CHECK(calc.body["points_redeemed"] == redeemed);
  auto confirmed = t.call("POST", "/v1/receipts/confirm", body);
  REQUIRE(confirmed.status == 200);
  CHECK(confirmed.body["points_redeemed"] == redeemed);
  CHECK(confirmed.body["points_balance_after"] == balance_after);
}

}  // namespace

TEST_CASE("a receipt dated back into a gift's days spends it, though it has burned by now") {
  TestApp t;
  // Gift day 13 June, usable through 27 June: burned by the register's clock, good at `at`.
  add_gift_and_card(t, "2000000000015", "1990-06-20");
  check_redeemed(t, sale("R-1", "2026-06-14T12:00:00+03:00", "2000000000015"), 100, 900);
  auto card = t.call("GET", "/v1/cards/2000000000015");
  CHECK(card.body["points"]["balance"] == 0);  // the rest burned on 27 June; no debt
}

TEST_CASE("a receipt dated ahead to a gift due then spends it, and the card gets it once") {
  TestApp t;
  // Gift day 3 December, after the register's clock.
  add_gift_and_card(t, "2000000000015", "1990-12-10");
  check_redeemed(t, sale("R-1", "2026-12-05T12:00:00+03:00", "2000000000015"), 100, 900);
  // Not the card's yet as of the clock's day; as of the gift's days, 900 are left.
  CHECK(t.call("GET", "/v1/cards/2000000000015").body["points"]["balance"] == 0);
  CHECK(
      t.call("GET", "/v1/cards/2000000000015?at=2026-12-06T09:00:00Z").body["points"]["balance"] ==
      900);
  // A second receipt in the same days finds the gift given: no second grant.
  check_redeemed(t, sale("R-2", "2026-12-06T12:00:00+03:00", "2000000000015"), 100, 800);
}

TEST_CASE("a receipt dated back within a gift's life spends it as before") {
  TestApp t;
  // Gift day 18 November, usable through 2 December: good by the register's clock.
  add_gift_and_card(t, "2000000000015", "1990-11-25");
  check_redeemed(t, sale("R-1", "2026-11-20T12:00:00+03:00", "2000000000015"), 100, 900);
  CHECK(t.call("GET", "/v1/cards/2000000000015").body["points"]["balance"] == 900);
}

TEST_CASE("a gift is journalled on the day it was due, not on the day a till looked it up") {
  // Head office's reports count an entry on its day: a gift due on 18 November that a till
  // first looked up on the 24th counted as issued on the 24th, and the card's liability on
  // the days between was 1 000 short.
  TestApp t;
  add_gift_and_card(t, "2000000000015", "1990-11-25");  // due 18 November
  REQUIRE(t.call("GET", "/v1/cards/2000000000015").status == 200);
  auto at = t.app->store->db().query_int("SELECT at FROM journal WHERE kind = 'birthday'");
  REQUIRE(at.ok());
  CHECK(*at == *kopilka::core::parse_rfc3339("2026-11-18T00:00:00+03:00"));
  CHECK(t.call("GET", "/v1/cards/2000000000015").body["points"]["balance"] == 1000);
}
