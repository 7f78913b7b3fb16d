// Tests of time effects (birthday grants), card views and manual adjustments.
#include "core/card_points.h"
#include "core/effects.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {
const char* kBirthday = R"({"id": "birthday", "name": "Бонусы на день рождения", "kind": "birthday",
    "grant": 1000, "days_before": 7, "points": {"lifetime_days": 14, "max_redeem_percent": 15}})";

CardState born(const std::string& date) {
  CardState c = card();
  auto d = civil_from_day(day(date));
  c.customer = Customer{"c-1", "Анна", std::string("+79991234567"), d, std::nullopt, {}};
  return c;
}
}  // namespace

TEST_CASE("DIKIDI birthday: 1000 points 7 days before, usable 14 days, shown on lookup") {
  auto set = programs({kBirthday});
  CardState c = born("1990-12-01");
  CHECK(due_time_effects(c, set, at("2026-11-23T23:59:59+03:00"), moscow()).empty());
  auto fx = due_time_effects(c, set, at("2026-11-24T00:00:00+03:00"), moscow());
  REQUIRE(fx.new_lots.size() == 1);
  CHECK(fx.new_lots[0].remaining == 1000);
  CHECK(format_date(fx.new_lots[0].earned_day) == "2026-11-24");
  CHECK(format_date(*fx.new_lots[0].last_day) == "2026-12-08");
  apply_effects(c, fx, "r:5", day("2026-12-03"));
  CHECK(
      due_time_effects(c, set, at("2026-12-03T12:00:00+03:00"), moscow()).empty());  // once a year

  Json view = card_view(c, set, at("2026-12-03T12:00:00+03:00"), moscow());
  CHECK(view["points"]["balance"] == 1000);
  CHECK(view["points"]["burning"][0]["on"] == "2026-12-08");
  CHECK(texts(view, "customer") ==
        std::vector<std::string>{"1000 бонусов сгорят через 5 дней",
                                 "Подарок ко дню рождения: 1000 бонусов"});
  CHECK(card_view(c, set, at("2026-12-09T12:00:00+03:00"), moscow())["points"]["balance"] == 0);

  // A lookup after the points would have burned grants nothing.
  CardState late = born("1990-12-01");
  CHECK(due_time_effects(late, set, at("2026-12-09T12:00:00+03:00"), moscow()).empty());
  // Next year it comes again.
  CHECK(due_time_effects(c, set, at("2027-11-24T12:00:00+03:00"), moscow()).new_lots.size() == 1);
}

TEST_CASE("birthday edge cases: 29 February, early January, blocked cards, no birthday") {
  auto set = programs({kBirthday});
  CardState leap = born("2000-02-29");
  auto fx = due_time_effects(leap, set, at("2027-02-21T12:00:00+03:00"), moscow());  // 28 Feb − 7
  REQUIRE(fx.new_lots.size() == 1);
  CHECK(format_date(fx.new_lots[0].earned_day) == "2027-02-21");
  CardState january = born("1985-01-03");
  auto dec = due_time_effects(january, set, at("2026-12-27T12:00:00+03:00"), moscow());
  REQUIRE(dec.birthday_grants.size() == 1);
  CHECK(dec.birthday_grants[0].second == 2027);
  CardState blocked = born("1990-12-01");
  blocked.status = CardStatus::kBlocked;
  CHECK(due_time_effects(blocked, set, at("2026-11-25T12:00:00+03:00"), moscow()).empty());
  CHECK(due_time_effects(card(), set, at("2026-11-25T12:00:00+03:00"), moscow()).empty());
}

TEST_CASE("a grant journalled by two registers offline is given once") {
  auto set = programs({kBirthday});
  CardState c = born("1990-12-01");
  auto a = due_time_effects(c, set, at("2026-11-25T12:00:00+03:00"), moscow());
  auto b = due_time_effects(c, set, at("2026-11-26T12:00:00+03:00"), moscow());
  apply_effects(c, a, "r-a:1", day("2026-11-25"));
  apply_effects(c, b, "r-b:1", day("2026-11-26"));
  CHECK(summarize_points(c, day("2026-11-26")).balance == 1000);
}

TEST_CASE("the card view shows levels, pending points and every burn date") {
  auto set = programs({R"({"id": "cashback-levels", "name": "Кешбэк", "kind": "bonus",
      "levels": [{"from_spent": 4000000, "percent": 10}, {"from_spent": 10000000, "percent": 15}],
      "points": {"lifetime_days": 182, "delay_days": 3}})"});
  CardState c = card(4100000);
  c.groups = {"vip"};
  c.visit_days = {day("2026-11-01"), day("2026-11-20")};
  c.lots = {lot("a/0", "cashback-levels", 500, "2026-12-08"), lot("b/0", "", 255)};
  PointLot fresh = lot("c/0", "cashback-levels", 40, "2027-05-20", "2026-11-23");
  fresh.usable_from = day("2026-11-26");
  c.lots.push_back(fresh);
  Json v = card_view(c, set, at("2026-11-24T12:00:00+03:00"), moscow());
  CHECK(v["card"]["number"] == "2000000000015");
  CHECK(v["card"]["status"] == "active");
  CHECK(v["points"]["balance"] == 795);
  CHECK(v["points"]["pending"] == 40);
  CHECK(v["points"]["usable"] == 755);
  CHECK(v["points"]["burning"].size() == 2);
  CHECK(v["points"]["burning"][0] == Json{{"points", 500}, {"on", "2026-12-08"}});
  CHECK(v["spent"] == 4100000);
  CHECK(v["visits"] == 2);
  CHECK(v["levels"][0] == Json{{"program", "cashback-levels"},
                               {"percent", 10},
                               {"next", {{"from_spent", 10000000}, {"percent", 15}}}});
  CHECK(texts(v, "customer").empty());  // 14 days away, beyond the 7-day warning
}

TEST_CASE("manual adjustments add uncapped lots or take points, soonest to burn first") {
  CardState c = card();
  c.lots = {lot("a/0", "x", 100, "2026-12-31"), lot("b/0", "x", 100, "2026-12-01")};
  auto add = adjustment_effects(c, 500, std::nullopt, at("2026-11-24T12:00:00+03:00"), moscow());
  apply_effects(c, add, "adj:1", day("2026-11-24"));
  CHECK(summarize_points(c, day("2026-11-24")).balance == 700);
  auto take = adjustment_effects(c, -150, std::nullopt, at("2026-11-24T12:00:00+03:00"), moscow());
  REQUIRE(take.draws.size() == 2);
  CHECK(take.draws[0].lot_id == "b/0");
  CHECK(take.draws[0].points == 100);
  CHECK(take.draws[1].lot_id == "a/0");
  CHECK(take.draws[1].points == 50);
  apply_effects(c, take, "adj:2", day("2026-11-24"));
  auto too_much =
      adjustment_effects(c, -1000, std::nullopt, at("2026-11-24T12:00:00+03:00"), moscow());
  apply_effects(c, too_much, "adj:3", day("2026-11-24"));
  CHECK(summarize_points(c, day("2026-11-24")).balance == -450);
}

TEST_CASE("a calculation with a birthday gift due and not journalled counts its own accrual too") {
  // The gift was previewed under the receipt's entry id: the receipt's first lot had the same
  // id and was dropped, so the answer said «Баланс 1000» where confirming gives 1220.
  auto set = programs({kBirthday, R"({"id": "cb", "name": "Кешбэк", "kind": "bonus",
                                      "percent": 10})"});
  CardState c = born("1990-12-06");
  auto out = calculate(receipt("2026-12-03T12:00:00+03:00", {line(1, "S-1", "x", 1000, 220000)}),
                       &c, set, {}, moscow());
  CHECK(answer(out)["points_accrued"] == 220);
  CHECK(answer(out)["points_balance_after"] == 1000 + 220);
}

TEST_CASE("a gift given on 31 December is there on 2 January, within its 14 days") {
  auto set = programs({R"({"id": "bd", "name": "ДР", "kind": "birthday", "grant": 1000,
                           "days_before": 0, "points": {"lifetime_days": 14}})"});
  CardState c = born("1990-12-31");
  auto fx = due_time_effects(c, set, at("2026-01-02T12:00:00+03:00"), moscow());
  REQUIRE(fx.new_lots.size() == 1);
  CHECK(format_date(fx.new_lots[0].earned_day) == "2025-12-31");
  CHECK(format_date(*fx.new_lots[0].last_day) == "2026-01-14");
  CHECK(fx.birthday_grants == std::vector<std::pair<std::string, int>>{{"bd", 2025}});
  apply_effects(c, fx, "r:1", day("2026-01-02"));
  CHECK(due_time_effects(c, set, at("2026-01-10T12:00:00+03:00"), moscow()).empty());
  // Past its last day nothing is due; a gift that never burns is not given a year late.
  CHECK(
      due_time_effects(born("1990-12-31"), set, at("2026-01-15T12:00:00+03:00"), moscow()).empty());
  auto forever = programs({R"({"id": "bd", "name": "ДР", "kind": "birthday", "grant": 1000,
                               "days_before": 0})"});
  CHECK(due_time_effects(born("1990-12-31"), forever, at("2026-01-02T12:00:00+03:00"), moscow())
            .empty());
}
