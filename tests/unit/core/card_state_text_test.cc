// Tests of core/card_state_text: the writer of a card's state, byte for byte the text stores
// and sync have always carried (keys in byte order, no spaces, strings escaped as nlohmann
// does), checked against literal text; the tree writer's dump is the same text; neither
// throws on bytes that are not UTF-8.
#include "core/card_state_text.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "card_test_util.h"
#include "core/card_state_json.h"

using namespace kopilka::core;

namespace {

// Strings a card holds, and (rarer) strings that need escaping in JSON.
const std::vector<std::string> kPlain = {
    "",        "p02-bonus-2", "r-b0000117:i3-31/0", "Покупатель 4655", "del \x7f", "emoji 😀",
    "€ and ß", "/slash",      "+79991234567",       "spring"};
// Bytes that are not UTF-8 (rarer still): written as U+FFFD, read back as that.
const std::vector<std::string> kNotUtf8 = {"\xff", "cp1251 \xc0\xed\xed\xe0", "cut \xd0"};
const std::vector<std::string> kEscaped = {"quote \" inside", "back\\slash", "tab\there",
                                           "line\nbreak",     "\x01\x1f",    "{\"json\": [1]}"};

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(std::uint64_t seed) : rng(seed) {}
  int below(int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); }
  const std::string& str() {
    const auto& from = below(16) ? kPlain : below(4) ? kEscaped : kNotUtf8;
    return from[static_cast<std::size_t>(below(static_cast<int>(from.size())))];
  }
  std::int64_t num() {
    switch (below(5)) {
      case 0:
        return 0;
      case 1:
        return INT64_MAX - below(3);
      case 2:
        return INT64_MIN + below(3);
      case 3:
        return -below(100000);
      default:
        return below(10000000);
    }
  }
  // Mostly this year, else any day of years 0 to 9999 (what a date is in JSON).
  Day day() { return below(4) == 0 ? -719528 + below(3652425) : 20000 + below(1000); }

  CardState card() {
    CardState c;
    c.number = below(8) ? "20000" + std::to_string(below(100000000)) : str();
    c.status = static_cast<CardStatus>(below(3));
    for (int i = below(3); i > 0; --i) c.groups.push_back(str());
    if (below(4)) {
      Customer cu;
      cu.id = str();
      cu.name = str();
      if (below(2)) cu.phone = str();
      if (below(2)) cu.birthday = civil_from_day(day());
      c.customer = cu;
    }
    c.spent = num();
    c.purchases = num();
    for (int i = below(6); i > 0; --i) c.visit_days.push_back(day());
    c.debt = num();
    for (int i = below(8); i > 0; --i) {
      PointLot lot;
      lot.id = str() + std::to_string(i);
      lot.program = str();
      lot.earned_day = day();
      lot.usable_from = day();
      if (below(3)) lot.last_day = day();
      lot.remaining = num();
      c.lots.push_back(lot);
    }
    for (int i = below(3); i > 0; --i) c.visit_rewarded_on[str()] = day();
    for (int i = below(3); i > 0; --i) c.birthday_granted_year[str()] = below(10000);
    for (int i = below(3); i > 0; --i) c.coupon_uses[str()] = num();
    for (int i = below(3); i > 0; --i) {
      Voucher v;
      v.id = str();
      v.program = str();
      v.issued_day = day();
      v.last_day = day();
      c.vouchers.push_back(v);
    }
    return c;
  }
};

}  // namespace

TEST_CASE("a card's state is written as the exact stored text") {
  CardState c = kopilka::test::sample_card();
  c.status = CardStatus::kActive;
  c.groups = {"vip"};
  c.customer = Customer{"c-1", "Анна \"А\"", std::nullopt, CivilDate{4, 2, 29}, std::nullopt, {}};
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

TEST_CASE("strings are escaped as the stored text always had them") {
  Customer c{"c-\"1\"",    "tab\there\nback\\slash \x01\x1f del\x7f € 😀",
             "+7999",      std::nullopt,
             std::nullopt, {}};
  std::string text;
  append_customer_text(text, c);
  CHECK(text ==
        "{\"birthday\":null,\"id\":\"c-\\\"1\\\"\",\"name\":\"tab\\there\\nback\\\\slash "
        "\\u0001\\u001f del\x7f € 😀\",\"phone\":\"+7999\"}");
  CHECK(customer_to_json(c).dump() == text);

  Voucher v{"r-1:7/v", "next", *parse_date("0001-01-01"), *parse_date("9999-12-31")};
  text.clear();
  append_voucher_text(text, v);
  CHECK(text ==
        "{\"id\":\"r-1:7/v\",\"issued_day\":\"0001-01-01\",\"last_day\":\"9999-12-31\","
        "\"program\":\"next\"}");
  CHECK(voucher_to_json(v).dump() == text);

  CardState empty;
  CHECK(card_state_text(empty) ==
        "{\"birthday_granted_year\":{},\"coupon_uses\":{},\"customer\":null,\"debt\":0,"
        "\"groups\":[],\"lots\":[],\"number\":\"\",\"purchases\":0,\"spent\":0,\"status\":"
        "\"active\",\"visit_days\":[],\"visit_rewarded_on\":{},\"vouchers\":[]}");
  CHECK(card_state_to_json(empty).dump() == card_state_text(empty));

  CardState extremes;
  extremes.debt = INT64_MIN;
  extremes.spent = INT64_MAX;
  extremes.coupon_uses["a\"b"] = -1;
  std::string big = card_state_text(extremes);
  CHECK(big.find("\"coupon_uses\":{\"a\\\"b\":-1}") != std::string::npos);
  CHECK(big.find("\"debt\":-9223372036854775808") != std::string::npos);
  CHECK(big.find("\"spent\":9223372036854775807") != std::string::npos);
  CHECK(card_state_to_json(extremes).dump() == big);
}

TEST_CASE("a name that is not UTF-8 turns into JSON without throwing, as U+FFFD") {
  CardState c = kopilka::test::sample_card();
  c.customer->name = "Анна\xff\xfe!";  // e.g. a cp1251 import
  c.groups = {"vip\xc3"};
  Json tree;
  REQUIRE_NOTHROW(tree = card_state_to_json(c));
  CHECK(tree["customer"]["name"] == "Анна\xff\xfe!");  // kept as it is for the dump to decide
  REQUIRE_NOTHROW(customer_to_json(*c.customer));
  std::string text;
  REQUIRE_NOTHROW(text = card_state_text(c));
  CHECK(text.find("\"name\":\"Анна\uFFFD\uFFFD!\"") != std::string::npos);
  CHECK(text.find("\"groups\":[\"vip\uFFFD\"]") != std::string::npos);
  CHECK(text == tree.dump(-1, ' ', false, Json::error_handler_t::replace));
}

TEST_CASE("any card's text is its tree's dump, and reads back to a card with the same text") {
  // The two writers share only the key list: every value type must come out the same.
  Gen g(20261124);
  for (int i = 0; i < 1000; ++i) {
    CardState card = g.card();
    std::string text = card_state_text(card);
    REQUIRE(text == card_state_to_json(card).dump(-1, ' ', false, Json::error_handler_t::replace));
    auto tree = parse_json_exact(text);
    REQUIRE(tree.ok());
    auto back = card_state_from_json(*tree);
    REQUIRE(back.ok());
    CHECK(card_state_text(*back) == text);
  }
}
