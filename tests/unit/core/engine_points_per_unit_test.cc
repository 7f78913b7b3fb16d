// Tests of `points_per_unit` on a bonus (programs.md "Points per item" and its edge rules):
// whole units per line, units paid with points still count, levels, min_total, the card's
// level answer, and partial refunds by the existing rule (the share of money paid).
#include "core/effects.h"
#include "core/engine.h"
#include "core/sale_record.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

const char* kCoffee =
    R"({"id": "coffee", "name": "Кофе", "kind": "bonus", "points_per_unit": 50,
        "scope": {"skus": ["COFFEE-1KG"]}, "points": {"lifetime_days": 90}})";

}  // namespace

TEST_CASE("points per unit: 50 per whole unit of the scope lines (1.5 counts 1)") {
  auto set = programs({kCoffee});
  CardState c = card();
  c.lots = {lot("m/0", "", 1000)};
  auto r = receipt(
      kWhen, {line(1, "COFFEE-1KG", "food", 2000, 120000),
              line(2, "COFFEE-1KG", "food", 1500, 120000), line(3, "TEA", "food", 1000, 60000)});
  r.redeem = {RedeemRequest::Kind::kMax, 0};  // units paid with points still count
  auto out = calculate(r, &c, set, {}, moscow());
  CHECK(answer(out)["points_redeemed"] == 1000);
  CHECK(answer(out)["points_accrued"] == 150);
  CHECK(answer(out)["applied"][0] == Json{{"program", "coffee"},
                                          {"kind", "bonus"},
                                          {"points_per_unit", 50},
                                          {"points", 150},
                                          {"text", "Кофе: 150 бонусов (по 50 за штуку)"}});
  Settings en = moscow();
  en.locale = Locale::kEn;
  CHECK(answer(calculate(r, &c, set, {}, en))["applied"][0]["text"] ==
        "Кофе: 150 points (50 per unit)");
  REQUIRE(out.effects.new_lots.size() == 1);
  CHECK(out.effects.new_lots[0].remaining == 150);
}

TEST_CASE("points per unit: levels, min_total, and a line given away still counts") {
  auto set = programs({R"({"id": "lv", "name": "Кофе", "kind": "bonus", "min_total": 100000,
           "levels": [{"from_spent": 0, "points_per_unit": 10},
                      {"from_spent": 1000000, "points_per_unit": 20}]})",
                       R"({"id": "gift", "name": "Подарок", "kind": "discount", "percent": 100,
           "audience": {"anyone": true}, "scope": {"categories": ["gift"]}})"});
  auto lines =
      std::vector<ReceiptLine>{line(1, "A", "food", 3000, 40000), line(2, "B", "gift", 2000, 100)};
  CardState newcomer = card(0), regular = card(1500000);
  // 3 + 2 units: the two gifts count, as units paid with points do (programs.md).
  CHECK(answer(calculate(receipt(kWhen, lines), &newcomer, set, {}, moscow()))["points_accrued"] ==
        50);
  CHECK(answer(calculate(receipt(kWhen, lines), &regular, set, {}, moscow()))["points_accrued"] ==
        100);
  // 999,99 ₽ before discounts: under min_total.
  auto small = std::vector<ReceiptLine>{line(1, "A", "food", 3000, 33333)};
  CHECK(answer(calculate(receipt(kWhen, small), &regular, set, {}, moscow()))["points_accrued"] ==
        0);
  // The card's level answer says points per unit.
  Json view = card_view(regular, set, at(kWhen), moscow());
  REQUIRE(view["levels"].size() == 1);
  CHECK(view["levels"][0] == Json{{"program", "lv"}, {"points_per_unit", 20}, {"next", nullptr}});
  CHECK(card_view(newcomer, set, at(kWhen), moscow())["levels"][0]["next"] ==
        Json{{"from_spent", 1000000}, {"points_per_unit", 20}});
}

TEST_CASE("points per unit on a partial refund: the share of money paid, exact in the end") {
  auto set = programs({kCoffee});
  CardState c = card();
  auto out = calculate(receipt(kWhen, {line(1, "COFFEE-1KG", "food", 2000, 120000),
                                       line(2, "TEA", "food", 1000, 60000)}),
                       &c, set, {}, moscow());
  CHECK(answer(out)["points_accrued"] == 100);
  apply_effects(c, out.effects, "r:1", day("2027-03-10"));
  RefundRequest one;
  one.refund_id = "RF-1";
  one.at = at("2027-03-11T12:00:00+03:00");
  one.lines = std::vector<RefundLine>{{1, Quantity{1000}}};
  auto first = refund(*out.sale, "r:1", RefundState{}, one, &c, moscow());
  REQUIRE(first.ok());
  // 1 200 ₽ of the 3 000 ₽ paid: floor(100 × 0.4) = 40 points.
  CHECK(first->response["points_reversed"] == 40);
  RefundRequest rest;
  rest.refund_id = "RF-2";
  rest.at = one.at;
  auto second = refund(*out.sale, "r:1", first->after, rest, &c, moscow());
  REQUIRE(second.ok());
  CHECK(second->response["points_reversed"] == 60);
}

TEST_CASE("points per unit do not depend on how the POS splits the lines") {
  // Three coffees with the third free: one line of three earned 150 points and three lines
  // of one 100, the free line earning nothing. Every unit counts, however it is sent.
  auto set =
      programs({R"({"id": "pp", "name": "Кофе", "kind": "bonus", "points_per_unit": 50,
           "scope": {"skus": ["COFFEE"]}})",
                R"({"id": "b3", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1, "percent": 100,
           "audience": {"anyone": true}, "scope": {"skus": ["COFFEE"]}})"});
  CardState c = card(0);
  auto one = answer(
      calculate(receipt(kWhen, {line(1, "COFFEE", "food", 3000, 60000)}), &c, set, {}, moscow()));
  auto three = answer(calculate(receipt(kWhen, {line(1, "COFFEE", "food", 1000, 60000),
                                                line(2, "COFFEE", "food", 1000, 60000),
                                                line(3, "COFFEE", "food", 1000, 60000)}),
                                &c, set, {}, moscow()));
  CHECK(one["total"] == 120000);
  CHECK(three["total"] == 120000);
  CHECK(one["points_accrued"] == 150);
  CHECK(three["points_accrued"] == 150);
}
