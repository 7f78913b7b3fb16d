// Tests of core/card_state_text: the one writer of a card's state, byte for byte the text
// stores and sync have always carried (keys in byte order, no spaces).
#include "core/card_state_text.h"

#include <doctest/doctest.h>

#include "card_test_util.h"
#include "core/card_state_json.h"

using namespace kopilka::core;

TEST_CASE("a card's state is written as the exact stored text") {
  CardState c = kopilka::test::sample_card();
  c.status = CardStatus::kActive;
  c.groups = {"vip"};
  c.customer = Customer{"c-1", "Анна \"А\"", std::nullopt, CivilDate{4, 2, 29}};
  c.purchases = 2;
  c.visit_days = {*parse_date("2026-11-20")};
  c.lots[0].usable_from = *parse_date("2026-11-21");
  std::string expected =
      "{\"birthday_granted_year\":{\"birthday\":2026},\"coupon_uses\":{\"spring\":1},"
      "\"customer\":{\"birthday\":\"0004-02-29\",\"id\":\"c-1\",\"name\":\"Анна \\\"А\\\"\","
      "\"phone\":null},\"debt\":15,\"groups\":[\"vip\"],\"lots\":[{\"earned_day\":"
      "\"2026-11-20\",\"id\":\"r-1:7/0\",\"last_day\":\"2027-05-21\",\"program\":\"cashback\","
      "\"remaining\":220,\"usable_from\":\"2026-11-21\"},{\"earned_day\":\"2026-11-21\",\"id\":"
      "\"r-1:9/0\",\"last_day\":null,\"program\":\"\",\"remaining\":500,\"usable_from\":"
      "\"2026-11-21\"}],\"number\":\"2000000000015\",\"purchases\":2,\"spent\":4100000,"
      "\"status\":\"active\",\"visit_days\":[\"2026-11-20\"],\"visit_rewarded_on\":{\"visits\":"
      "\"2026-11-20\"},\"vouchers\":[{\"id\":\"r-1:7/v\",\"issued_day\":\"2026-11-20\","
      "\"last_day\":\"2026-12-20\",\"program\":\"next\"}]}";
  CHECK(card_state_text(c) == expected);
  CHECK(card_state_to_json(c).dump() == expected);
  auto back = card_state_from_json(Json::parse(expected));
  REQUIRE(back.ok());
  CHECK(card_state_text(*back) == expected);
}

TEST_CASE("an entry's new lot names its points \"points\", in key order") {
  PointLot lot{"0",          "cashback", *parse_date("2026-11-20"), *parse_date("2026-11-20"),
               std::nullopt, 7};
  std::string text;
  append_lot_text(text, lot, "points");
  CHECK(text ==
        "{\"earned_day\":\"2026-11-20\",\"id\":\"0\",\"last_day\":null,\"points\":7,"
        "\"program\":\"cashback\",\"usable_from\":\"2026-11-20\"}");
  CHECK(lot_to_json(lot, "points").dump() == text);
  auto back = lot_from_json(Json::parse(text), "points");
  REQUIRE(back.ok());
  CHECK(back->remaining == 7);
  CHECK(lot_from_json(Json::parse(text)).status().field() == "remaining");
}
