// Tests of `bundle` (programs.md "Additions, v2": buy N, get M, and its edge rules): the
// 2+1 example, get_scope, unit amounts after step 2, rounding per unit, ties by line
// number, the limits, partial refunds of a receipt with a free unit, and two bundles over the
// same units.
#include "core/card_points.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/sale_record.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

const char* kTwoPlusOne =
    R"({"id": "two-plus-one", "name": "2+1 на косметику", "kind": "bundle", "buy": 2, "get": 1,
        "percent": 100, "audience": {"anyone": true}, "scope": {"categories": ["cosmetics"]}})";

Json calc(const ProgramSet& set, std::vector<ReceiptLine> lines, Locale locale = Locale::kRu) {
  Settings st = moscow();
  st.locale = locale;
  CardState c = card();
  return answer(calculate(receipt(kWhen, std::move(lines)), &c, set, {}, st));
}

}  // namespace

TEST_CASE("2+1: of three cosmetics units the cheapest is free") {
  auto set = programs({kTwoPlusOne});
  // Shampoo 2 × 450 ₽, cream 300 ₽, a haircut 1500 ₽ (not in scope).
  auto r =
      calc(set, {line(1, "SH", "cosmetics", 2000, 45000), line(2, "CR", "cosmetics", 1000, 30000),
                 line(3, "HC", "haircut", 1000, 150000)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{0, 30000, 0});
  CHECK(r["total"] == 240000);
  REQUIRE(r["applied"].size() == 1);
  CHECK(r["applied"][0] ==
        Json{{"program", "two-plus-one"},
             {"kind", "bundle"},
             {"percent", 100},
             {"discount", 30000},
             {"units", 1},
             {"text", "2+1 на косметику: скидка 300,00 ₽ (1 шт.)"}});
  auto en =
      calc(set, {line(1, "SH", "cosmetics", 2000, 45000), line(2, "CR", "cosmetics", 1000, 30000)},
           Locale::kEn);
  CHECK(en["applied"][0]["text"] == "2+1 на косметику: discount 300,00 ₽ (1 unit)");
  // Five units: still one free; six: two, the cream and one shampoo.
  r = calc(set, {line(1, "SH", "cosmetics", 4000, 45000), line(2, "CR", "cosmetics", 1000, 30000)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{0, 30000});
  r = calc(set, {line(1, "SH", "cosmetics", 5000, 45000), line(2, "CR", "cosmetics", 1000, 30000)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{45000, 30000});
  CHECK(r["applied"][0]["units"] == 2);
}

TEST_CASE("bundle units: whole units only, amounts after step 2, the last unit the remainder") {
  auto set =
      programs({R"({"id": "half", "name": "2+1 за полцены", "kind": "bundle", "buy": 2, "get": 1,
           "percent": 50, "audience": {"anyone": true}})",
                R"({"id": "card10", "name": "Карта 10%", "kind": "discount", "percent": 10})"});
  // 3 × 33,33 ₽ = 99,99 ₽; the card takes 10,00 ₽; 89,99 ₽ is 29,99 + 29,99 + 30,01 ₽.
  // The cheapest unit at 50 %: round-half-up(14,995) = 15,00 ₽.
  auto r = calc(set, {line(1, "A", "x", 3000, 3333)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{1000 + 1500});
  // 2.5 units count 2; with 0.9 of another, still 2 units: nothing free. A third unit:
  // the cheapest (4 ₽ at 50 % = 2 ₽).
  auto plain = programs({R"({"id": "half", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1,
                             "percent": 50, "audience": {"anyone": true}})"});
  r = calc(plain, {line(1, "A", "x", 2500, 1000), line(2, "B", "x", 900, 500)});
  CHECK(r["discount"] == 0);
  r = calc(plain, {line(1, "A", "x", 2500, 1000), line(2, "B", "x", 900, 500),
                   line(3, "C", "x", 1000, 400)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{0, 0, 200});
}

TEST_CASE("bundle: each free unit rounds on its own; equal units go to the lower line number") {
  auto set = programs({R"({"id": "b", "name": "1+1 −50%", "kind": "bundle", "buy": 1, "get": 1,
                           "percent": 50, "audience": {"anyone": true}})"});
  // 4.5 × 11,12 ₽ = 50,04 ₽ over 4 whole units: 12,51 ₽ each. Two at 50 %: 6,26 ₽ each
  // (6,255 rounded on its own), 12,52 ₽, not round(12,51) = 12,51 ₽.
  auto r = calc(set, {line(1, "A", "x", 4500, 1112)});
  CHECK(r["discount"] == 1252);
  auto free = programs({kTwoPlusOne});
  r = calc(free, {line(9, "A", "cosmetics", 1000, 1000), line(5, "B", "cosmetics", 1000, 1000),
                  line(2, "C", "cosmetics", 1000, 1000)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{0, 0, 1000});
}

TEST_CASE("bundle with get_scope: buy X, the cheapest Y units are discounted") {
  auto set = programs({R"({"id": "xy", "name": "X + Y в подарок", "kind": "bundle", "buy": 1,
                           "get": 1, "percent": 100, "audience": {"anyone": true},
                           "scope": {"skus": ["X"]}, "get_scope": {"skus": ["Y"]}})"});
  auto r = calc(set, {line(1, "X", "x", 2000, 1000), line(2, "Y", "y", 3000, 500)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{0, 1000});
  r = calc(set, {line(1, "X", "x", 2000, 1000), line(2, "Y", "y", 1000, 500)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{0, 500});
  r = calc(set, {line(2, "Y", "y", 3000, 500)});
  CHECK(r["discount"] == 0);
  // A unit in both scope and get_scope counts as bought, never as the free one.
  auto both = programs({R"({"id": "d", "name": "Напиток + Y", "kind": "bundle", "buy": 1,
                            "get": 1, "audience": {"anyone": true},
                            "scope": {"categories": ["drinks"]}, "get_scope": {"skus": ["Y"]}})"});
  r = calc(both, {line(1, "X", "drinks", 1000, 1000), line(2, "Y", "drinks", 1000, 300)});
  CHECK(r["discount"] == 0);
  r = calc(both, {line(1, "X", "drinks", 1000, 1000), line(2, "Y", "snacks", 1000, 300)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{0, 300});
}

TEST_CASE("bundle limits: max_discount spread in proportion, min_total, no-loyalty lines") {
  auto capped = programs({R"({"id": "c", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1,
                              "max_discount": 50000, "audience": {"anyone": true},
                              "scope": {"categories": ["cosmetics"]}})"});
  // Uncapped: the cream 300 ₽ and one shampoo 450 ₽; the cap of 500 ₽ is 300 + 200 ₽.
  auto r = calc(capped,
                {line(1, "SH", "cosmetics", 5000, 45000), line(2, "CR", "cosmetics", 1000, 30000)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{30000, 20000});
  auto gated = programs({R"({"id": "g", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1,
                             "min_total": 300000, "audience": {"anyone": true}})"});
  CHECK(calc(gated, {line(1, "A", "x", 3000, 99999)})["discount"] == 0);
  CHECK(calc(gated, {line(1, "A", "x", 3000, 100000)})["discount"] == 100000);
  auto all = programs({R"({"id": "a", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1,
                           "audience": {"anyone": true}})"});
  CHECK(calc(all, {line(1, "T", "tobacco", 3000, 20000)})["discount"] == 0);
}

TEST_CASE("a partial refund of a 2+1 receipt follows the money paid") {
  auto set = programs({kTwoPlusOne, R"({"id": "cash", "name": "Кешбэк", "kind": "bonus",
                                        "percent": 10})"});
  CardState c = card();
  auto r = receipt(
      kWhen, {line(1, "SH", "cosmetics", 2000, 45000), line(2, "CR", "cosmetics", 1000, 30000)});
  auto out = calculate(r, &c, set, {}, moscow());
  CHECK(answer(out)["points_accrued"] == 90);  // 10 % of the 900 ₽ paid
  apply_effects(c, out.effects, "r:1", day("2027-03-10"));
  auto part = [](int line_no, std::int64_t qty, const std::string& id) {
    RefundRequest q;
    q.refund_id = id;
    q.at = at("2027-03-11T12:00:00+03:00");
    q.lines = std::vector<RefundLine>{{line_no, Quantity{qty}}};
    return q;
  };
  // The free cream comes back: no money, no points.
  auto cream = refund(*out.sale, "r:1", RefundState{}, part(2, 1000, "RF-1"), &c, moscow());
  REQUIRE(cream.ok());
  CHECK(cream->response["money_returned"] == 0);
  CHECK(cream->response["points_reversed"] == 0);
  // One shampoo: 450 ₽ and 45 points; the other: the rest.
  auto one = refund(*out.sale, "r:1", cream->after, part(1, 1000, "RF-2"), &c, moscow());
  REQUIRE(one.ok());
  CHECK(one->response["money_returned"] == 45000);
  CHECK(one->response["points_reversed"] == 45);
  auto rest = refund(*out.sale, "r:1", one->after, part(1, 1000, "RF-3"), &c, moscow());
  REQUIRE(rest.ok());
  CHECK(rest->response["points_reversed"] == 45);
  CHECK(rest->after.complete);
}

TEST_CASE("two bundles over the same units: a unit takes part in one, however lines are split") {
  // 1+1 and 2+1 on the same goods at 10,00 ₽. Each bundle used to free its own cheapest
  // units: one line of 6 units got 5 free (1+1 three, 2+1 two), six lines of one unit 3.
  auto set = programs({R"({"id": "b11", "name": "1+1", "kind": "bundle", "buy": 1, "get": 1,
                           "audience": {"anyone": true}})",
                       R"({"id": "b21", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1,
                           "audience": {"anyone": true}})"});
  auto discount = [&](std::vector<ReceiptLine> lines) {
    return calc(set, std::move(lines))["discount"];
  };
  CHECK(discount({line(1, "A", "food", 6000, 1000)}) == 3000);
  std::vector<ReceiptLine> six;
  for (int i = 1; i <= 6; ++i) six.push_back(line(i, "A", "food", 1000, 1000));
  CHECK(discount(six) == 3000);
  CHECK(discount({line(1, "A", "food", 4000, 1000)}) == 2000);
  CHECK(discount({line(1, "A", "food", 2000, 1000), line(2, "A", "food", 2000, 1000)}) == 2000);
  // Three units: 1+1 takes two (one free); the one left makes no 2+1.
  auto r = calc(set, {line(1, "A", "food", 3000, 1000)});
  CHECK(r["discount"] == 1000);
  REQUIRE(r["applied"].size() == 1);
  CHECK(r["applied"][0]["program"] == "b11");
  // 3,5 kg at 10,00 ₽ a kg: three whole units of 11,66 + 11,66 + 11,68 ₽: 1+1 frees one
  // 11,66 ₽ unit and is bought with the dearest, 11,68 ₽; one unit is left.
  CHECK(discount({line(1, "A", "food", 3500, 1000)}) == 1166);
  // Seven units: 1+1 takes six (three free), 2+1 finds one: 3 free.
  CHECK(discount({line(1, "A", "food", 7000, 1000)}) == 3000);
}

TEST_CASE("a bundle after another with get_scope counts only the units left to it") {
  // Buy a shampoo, get a cream free; then 2+1 on all cosmetics. 2 shampoos, 3 creams: the
  // first frees two creams, bought with the two shampoos; one cream is left, no 2+1.
  auto set = programs({R"({"id": "a-gift", "name": "Крем в подарок", "kind": "bundle", "buy": 1,
                           "get": 1, "audience": {"anyone": true}, "scope": {"skus": ["SH"]},
                           "get_scope": {"skus": ["CR"]}})",
                       kTwoPlusOne});
  auto r =
      calc(set, {line(1, "SH", "cosmetics", 2000, 45000), line(2, "CR", "cosmetics", 3000, 30000)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{0, 60000});
  REQUIRE(r["applied"].size() == 1);
  CHECK(r["applied"][0]["program"] == "a-gift");
  // Four shampoos: the first frees all three creams, bought with three shampoos; the
  // shampoo left alone makes no 2+1.
  r = calc(set, {line(1, "SH", "cosmetics", 4000, 45000), line(2, "CR", "cosmetics", 3000, 30000)});
  CHECK(line_discounts(r) == std::vector<Kopecks>{0, 90000});
}
