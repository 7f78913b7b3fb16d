// Tests of office/card_text: the stored text is byte for byte the JSON tree's dump, and
// whatever the direct reader accepts, the tree reader reads to the same card.
#include "office/card_text.h"

#include <doctest/doctest.h>

#include <random>

#include "core/card_state_json.h"

using namespace kopilka;

namespace {

// Strings a card holds, and (rarer) strings that need escaping in JSON.
const std::vector<std::string> kPlain = {
    "",        "p02-bonus-2", "r-b0000117:i3-31/0", "Покупатель 4655", "del \x7f", "emoji 😀",
    "€ and ß", "/slash",      "+79991234567",       "spring"};
const std::vector<std::string> kEscaped = {"quote \" inside", "back\\slash", "tab\there",
                                           "line\nbreak",     "\x01\x1f",    "{\"json\": [1]}"};

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(std::uint64_t seed) : rng(seed) {}
  int below(int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); }
  const std::string& str() {
    const auto& from = below(16) ? kPlain : kEscaped;
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
  core::Day day() { return below(4) == 0 ? -719528 + below(3652425) : 20000 + below(1000); }

  core::CardState card() {
    core::CardState c;
    c.number = below(8) ? "20000" + std::to_string(below(100000000)) : str();
    c.status = static_cast<core::CardStatus>(below(3));
    for (int i = below(3); i > 0; --i) c.groups.push_back(str());
    if (below(4)) {
      core::Customer cu;
      cu.id = str();
      cu.name = str();
      if (below(2)) cu.phone = str();
      if (below(2)) cu.birthday = core::civil_from_day(day());
      c.customer = cu;
    }
    c.spent = num();
    c.purchases = num();
    for (int i = below(6); i > 0; --i) c.visit_days.push_back(day());
    c.debt = num();
    for (int i = below(8); i > 0; --i) {
      core::PointLot lot;
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
      core::Voucher v;
      v.id = str();
      v.program = str();
      v.issued_day = day();
      v.last_day = day();
      c.vouchers.push_back(v);
    }
    return c;
  }
};

std::optional<core::CardState> read_by_tree(const std::string& text) {
  auto j = core::parse_json_exact(text);
  if (!j) return std::nullopt;
  auto card = core::card_state_from_json(*j);
  if (!card) return std::nullopt;
  return *card;
}

// Same card: same tree (every field is in it).
bool same(const core::CardState& a, const core::CardState& b) {
  return core::card_state_to_json(a) == core::card_state_to_json(b);
}

}  // namespace

TEST_CASE("a card's stored text is the JSON tree's dump, byte for byte") {
  Gen g(20261124);
  for (int i = 0; i < 3000; ++i) {
    core::CardState card = g.card();
    std::string text = office::card_state_text(card);
    REQUIRE(text == core::card_state_to_json(card).dump());
    auto tree = read_by_tree(text);
    REQUIRE(tree.has_value());
    CHECK(same(*tree, card));
  }
  core::CardState empty;
  CHECK(office::card_state_text(empty) == core::card_state_to_json(empty).dump());
}
