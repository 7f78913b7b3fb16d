// Tests of core/card_state_json: a card's state survives JSON exactly.
#include "core/card_state_json.h"

#include <doctest/doctest.h>

using namespace kopilka::core;

namespace {
CardState sample() {
  CardState c;
  c.number = "2000000000015";
  c.status = CardStatus::kBlocked;
  c.groups = {"vip", "staff"};
  c.customer = Customer{"c-1", "Анна", "+79991234567", CivilDate{1990, 12, 1}};
  c.spent = 4100000;
  c.purchases = 12;
  c.visit_days = {*parse_date("2026-11-01"), *parse_date("2026-11-20")};
  c.debt = 15;
  c.lots.push_back({"r-1:7/0", "cashback", *parse_date("2026-11-20"), *parse_date("2026-11-20"),
                    *parse_date("2027-05-21"), 220});
  c.lots.push_back(
      {"r-1:9/0", "", *parse_date("2026-11-21"), *parse_date("2026-11-21"), std::nullopt, 500});
  c.visit_rewarded_on["visits"] = *parse_date("2026-11-20");
  c.birthday_granted_year["birthday"] = 2026;
  c.coupon_uses["spring"] = 1;
  c.vouchers.push_back({"r-1:7/v", "next", *parse_date("2026-11-20"), *parse_date("2026-12-20")});
  return c;
}
}  // namespace

TEST_CASE("card state round-trips through JSON text exactly") {
  CardState c = sample();
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
  Json j = card_state_to_json(sample());
  j["lots"][1]["remaining"] = "many";
  auto r = card_state_from_json(j);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().field() == "lots[1].remaining");
  j = card_state_to_json(sample());
  j["status"] = "stolen";
  CHECK(card_state_from_json(j).status().field() == "status");
  j = card_state_to_json(sample());
  j["customer"]["birthday"] = "1990-13-01";
  CHECK(card_state_from_json(j).status().field() == "customer.birthday");
}
