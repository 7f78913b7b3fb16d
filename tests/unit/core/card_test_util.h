// A card state with every field set, shared by the tests of the card codecs
// (card_state_json_test, card_state_text_test).
#pragma once

#include "core/card_state.h"
#include "core/time.h"

namespace kopilka::test {

using namespace kopilka::core;

inline CardState sample_card() {
  CardState c;
  c.number = "2000000000015";
  c.status = CardStatus::kBlocked;
  c.groups = {"vip", "staff"};
  c.customer = Customer{"c-1", "Анна", "+79991234567", CivilDate{1990, 12, 1}, std::nullopt, {}};
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
}  // namespace kopilka::test
