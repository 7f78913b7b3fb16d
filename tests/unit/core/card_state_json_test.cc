// Tests of core/card_state_json: a card's state survives JSON exactly.
#include "core/card_state_json.h"

#include <doctest/doctest.h>

#include "card_test_util.h"

using namespace kopilka::core;

TEST_CASE("card state round-trips through JSON text exactly") {
  CardState c = kopilka::test::sample_card();
  std::string text = card_state_to_json(c).dump();
  auto parsed = parse_json_exact(text);
  REQUIRE(parsed.ok());
  auto back = card_state_from_json(*parsed);
  REQUIRE(back.ok());
  CHECK(card_state_to_json(*back).dump() == text);
  CHECK(back->lots[1].program.empty());
  CHECK_FALSE(back->lots[1].last_day.has_value());
  CHECK(back->customer->birthday->month == 12u);
}

TEST_CASE("a damaged card document names the bad field") {
  Json j = card_state_to_json(kopilka::test::sample_card());
  j["lots"][1]["remaining"] = "many";
  auto r = card_state_from_json(j);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().field() == "lots[1].remaining");
  j = card_state_to_json(kopilka::test::sample_card());
  j["status"] = "stolen";
  CHECK(card_state_from_json(j).status().field() == "status");
  j = card_state_to_json(kopilka::test::sample_card());
  j["customer"]["birthday"] = "1990-13-01";
  CHECK(card_state_from_json(j).status().field() == "customer.birthday");
}

TEST_CASE("a gift card and a wallet balance travel; other cards are written as before") {
  CardState c = kopilka::test::sample_card();
  const std::string before = card_state_to_json(c).dump();
  CHECK(before.find("\"wallet\"") == std::string::npos);
  CHECK(before.find("\"type\"") == std::string::npos);
  c.type = CardType::kGift;
  c.wallet = -1250;  // an offline double spend
  Json j = card_state_to_json(c);
  CHECK(j["type"] == "gift");
  CHECK(j["wallet"] == -1250);
  auto back = card_state_from_json(j);
  REQUIRE(back.ok());
  CHECK(back->type == CardType::kGift);
  CHECK(back->wallet == -1250);
  j["type"] = "voucher";
  CHECK(card_state_from_json(j).status().field() == "type");
  j["type"] = "gift";
  j["wallet"] = "lots";
  CHECK(card_state_from_json(j).status().field() == "wallet");
}
