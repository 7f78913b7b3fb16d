// Tests of office/storage.cc's engine-neutral rules: what an admin card edit may change.
#include "office/storage.h"

#include <doctest/doctest.h>

using namespace kopilka;

TEST_CASE("an admin edit changes status, groups and customer, never balances") {
  core::CardState stored;
  stored.number = "2000000000015";
  stored.spent = 150000;
  stored.lots.push_back({"e/0", "cashback", 20781, 20781, std::nullopt, 755});
  core::CardState edited;
  edited.number = "2000000000015";
  edited.status = core::CardStatus::kBlocked;
  edited.groups = {"vip"};
  edited.customer = core::Customer{"c-1", "Анна", "+79991234567", std::nullopt, std::nullopt, {}};
  edited.spent = 1;  // what an edit says of balances is not taken
  core::CardState card = office::admin_edited(stored, edited);
  CHECK(card.status == core::CardStatus::kBlocked);
  CHECK(card.groups == std::vector<std::string>{"vip"});
  REQUIRE(card.customer);
  CHECK(card.customer->name == "Анна");
  CHECK(card.spent == 150000);
  REQUIRE(card.lots.size() == 1);
  CHECK(card.lots[0].remaining == 755);

  core::CardState fresh = office::admin_edited(std::nullopt, edited);
  CHECK(fresh.number == "2000000000015");
  CHECK(fresh.spent == 0);
  CHECK(fresh.lots.empty());
  CHECK(fresh.status == core::CardStatus::kBlocked);
}
