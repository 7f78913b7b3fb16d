// Upgrade steps on both engines (office/upgrade_steps.h): cards stored before the customers
// index existed become findable at the first start of the new version, once.
#include <doctest/doctest.h>

#include "core/card_edit.h"
#include "office/customers.h"
#include "office/upgrade_steps.h"
#include "test_support/office_store.h"

namespace kopilka::office {
namespace {

constexpr core::Instant kUpgradeNow = 1795000000;

// A card written as an office before schema 005 wrote it: the document only.
void put_unindexed(test::TempStore& t, const std::string& number, const char* edit_body) {
  auto edit = core::parse_card_edit(core::Json::parse(edit_body));
  REQUIRE_MESSAGE(edit.ok(), edit.status().message());
  core::CardState card;
  card.number = number;
  core::apply_card_edit(card, *edit);
  REQUIRE(t.store->put_card(card).ok());
}

std::size_t found(test::TempStore& t, const std::string& q) {
  auto rows = search_customers(t.store->sql(), q, 50);
  REQUIRE_MESSAGE(rows.ok(), rows.status().message());
  return rows->size();
}

TEST_CASE("cards stored before the customers index are indexed at the first start, once") {
  test::TempStore t;
  put_unindexed(
      t, "2000000000015",
      R"({"customer": {"id": "c-anna", "name": "Анна Петрова", "phone": "+79991234567"}})");
  put_unindexed(t, "2000000000022", R"({"customer": {"id": "c-anna"}})");
  put_unindexed(t, "2000000000039", R"({"groups": ["staff"]})");
  CHECK(found(t, "8 (999) 123-45-67") == 0);

  REQUIRE(run_upgrade_steps(t.store->sql(), kUpgradeNow).is_ok());
  CHECK(found(t, "8 (999) 123-45-67") == 1);
  CHECK(found(t, "петр") == 1);
  auto anna = load_customer(t.store->sql(), "c-anna");
  REQUIRE(anna.ok());
  REQUIRE(*anna);
  CHECK((*anna)->cards == std::vector<std::string>{"2000000000015", "2000000000022"});
  auto links = query_int(t.store->sql(), "SELECT count(*) FROM customer_cards");
  REQUIRE(links.ok());
  CHECK(links->value_or(-1) == 2);

  // Done is remembered: a later start does not walk the cards again.
  put_unindexed(t, "2000000000046", R"({"customer": {"id": "c-boris", "name": "Борис"}})");
  REQUIRE(run_upgrade_steps(t.store->sql(), kUpgradeNow + 60).is_ok());
  CHECK(found(t, "борис") == 0);
}

TEST_CASE("a card document that does not parse stops the step and marks nothing") {
  test::TempStore t;
  put_unindexed(t, "2000000000015", R"({"customer": {"id": "c-anna", "name": "Анна"}})");
  REQUIRE(t.store->sql()
              .run("UPDATE cards SET state = '{broken' WHERE number = $1",
                   {std::string("2000000000015")})
              .ok());
  core::Status s = run_upgrade_steps(t.store->sql(), kUpgradeNow);
  CHECK_FALSE(s.is_ok());
  CHECK(s.message().find("2000000000015") != std::string::npos);
  auto marked = query_int(t.store->sql(), "SELECT count(*) FROM upgrade_steps");
  REQUIRE(marked.ok());
  CHECK(marked->value_or(-1) == 0);
}

}  // namespace
}  // namespace kopilka::office
