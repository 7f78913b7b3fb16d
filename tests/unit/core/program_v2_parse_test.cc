// Tests of the v2 program fields (programs.md "Additions, v2"): min_total on every kind,
// max_discount and exclusive on discount kinds, fixed coupons, bundles, points per unit;
// each bad field named, and the one-line explanation `kopilka program validate` prints.
#include "core/program.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

Program parsed(const std::string& text) {
  auto p = parse_program(doc(text));
  REQUIRE_MESSAGE(p.ok(), std::string(p.status().field() + ": " + p.status().message()));
  return *p;
}

}  // namespace

TEST_CASE(
    "v2 limits: min_total on every kind but birthday, max_discount and exclusive on discounts") {
  auto p = parsed(R"({"id": "x", "name": "n", "kind": "discount", "percent": 10,
                      "min_total": 100000, "max_discount": 90000, "exclusive": true})");
  CHECK(p.min_total == 100000);
  CHECK(p.max_discount == 90000);
  CHECK(p.exclusive);
  CHECK(parsed(R"({"id": "x", "name": "n", "kind": "bonus", "percent": 5, "min_total": 1})")
            .min_total == 1);
  CHECK(parsed(R"({"id": "x", "name": "n", "kind": "visits", "every": 3, "reward": {"percent": 5},
                   "max_discount": 100})")
            .max_discount == 100);
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "birthday", "grant": 5,
                        "min_total": 100})") == "min_total");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bonus", "percent": 5,
                        "max_discount": 100})") == "max_discount");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bonus", "percent": 5,
                        "exclusive": true})") == "exclusive");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 5,
                        "max_discount": 0})") == "max_discount");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 5,
                        "min_total": -1})") == "min_total");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 5,
                        "exclusive": "yes"})") == "exclusive");
}

TEST_CASE("v2 coupon: a percent or a fixed amount, exactly one") {
  auto p = parsed(R"({"id": "x", "name": "n", "kind": "coupon", "codes": ["m500"],
                      "amount": 50000})");
  CHECK(p.amount == 50000);
  CHECK(p.percent == 0);
  CHECK(p.codes == std::vector<std::string>{"m500"});  // as matched: case-folded
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "coupon", "codes": ["A"],
                        "amount": 50000, "percent": 5})") == "percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "coupon", "codes": ["A"]})") == "percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "coupon", "codes": ["A"],
                        "amount": 0})") == "amount");
}

TEST_CASE("v2 bundle: buy, get, percent (100 by default) and get_scope") {
  auto p = parsed(R"({"id": "x", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1,
                      "scope": {"categories": ["cosmetics"]}})");
  CHECK(p.kind == ProgramKind::kBundle);
  CHECK(p.buy == 2);
  CHECK(p.get == 1);
  CHECK(p.percent == 10000);
  CHECK_FALSE(p.has_get_scope);
  auto g = parsed(R"({"id": "x", "name": "1+1", "kind": "bundle", "buy": 1, "get": 1,
                      "percent": 50, "scope": {"skus": ["X"]}, "get_scope": {"skus": ["Y"]}})");
  CHECK(g.percent == 5000);
  CHECK(g.has_get_scope);
  CHECK(g.get_skus == std::vector<std::string>{"Y"});
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bundle", "get": 1})") == "buy");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bundle", "buy": 2})") == "get");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bundle", "buy": 2, "get": 0})") == "get");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bundle", "buy": 2, "get": 1,
                        "percent": 0})") == "percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bundle", "buy": 2, "get": 1,
                        "get_scope": {"colour": "red"}})") == "get_scope.colour");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bundle", "buy": 2, "get": 1,
                        "get_scope": {"skus": [""]}})") == "get_scope.skus[0]");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bundle", "buy": 2, "get": 1,
                        "points": {}})") == "points");
}

TEST_CASE("v2 bonus: points_per_unit instead of percent, flat or by level") {
  auto p = parsed(R"({"id": "x", "name": "n", "kind": "bonus", "points_per_unit": 50,
                      "scope": {"skus": ["COFFEE-1KG"]}})");
  CHECK(p.points_per_unit == 50);
  CHECK(p.by_units());
  auto l = parsed(R"({"id": "x", "name": "n", "kind": "bonus",
      "levels": [{"from_spent": 0, "points_per_unit": 10}, {"from_spent": 100, "points_per_unit": 20}]})");
  CHECK(l.by_units());
  CHECK(l.points_per_unit_for(99) == 10);
  CHECK(l.points_per_unit_for(100) == 20);
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bonus", "percent": 5,
                        "points_per_unit": 50})") == "percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bonus", "points_per_unit": 0})") ==
        "points_per_unit");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bonus"})") == "percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bonus",
      "levels": [{"from_spent": 0, "points_per_unit": 10}, {"from_spent": 100, "percent": 2}]})") ==
        "levels[1].percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bonus",
      "levels": [{"from_spent": 0, "points_per_unit": 10, "percent": 2}]})") ==
        "levels[0].percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount_scale",
      "levels": [{"from_spent": 0, "points_per_unit": 10}]})") == "levels[0].points_per_unit");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 5,
                        "points_per_unit": 50})") == "points_per_unit");
}

TEST_CASE("explain_program: one line with the kind's mechanics and its v2 limits") {
  auto two_plus_one = parsed(R"({"id": "cosm-2-1", "name": "2+1", "kind": "bundle", "buy": 2,
      "get": 1, "min_total": 100000, "max_discount": 90000, "exclusive": true})");
  CHECK(explain_program(two_plus_one, Locale::kEn) ==
        "cosm-2-1 (bundle): buy 2, get 1 cheapest free; receipts from 1 000,00 ₽; at most "
        "900,00 ₽ off a receipt; exclusive: no other discount on the receipt");
  CHECK(explain_program(two_plus_one, Locale::kRu) ==
        "cosm-2-1 (bundle): купи 2, получи 1 самых дешёвых "
        "бесплатно; чеки от 1 000,00 ₽; не более 900,00 ₽ "
        "на чек; исключительная: другие скидки в чеке "
        "не действуют");
  auto coffee = parsed(R"({"id": "coffee", "name": "n", "kind": "bonus", "points_per_unit": 50})");
  CHECK(explain_program(coffee, Locale::kEn) == "coffee (bonus): 50 points per whole unit");
  auto half = parsed(R"({"id": "y", "name": "n", "kind": "bundle", "buy": 1, "get": 1,
                         "percent": 50, "get_scope": {"skus": ["Y"]}})");
  CHECK(explain_program(half, Locale::kEn) ==
        "y (bundle): buy 1, get 1 cheapest of get_scope at 50 % off");
  auto coupon = parsed(R"({"id": "m500", "name": "n", "kind": "coupon", "codes": ["M"],
                           "amount": 50000, "stack": true})");
  CHECK(explain_program(coupon, Locale::kEn) == "m500 (coupon): minus 500,00 ₽; stacks");
}
