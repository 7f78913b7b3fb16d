// Tests of the v2 limits (programs.md "Additions, v2"): min_total on every kind,
// max_discount spread in proportion, exclusive programs, fixed-amount coupons, equal
// non-stacking discounts, and rewards that take nothing reported `not_applied`.
#include "core/engine.h"

#include "core/sale_record.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

CalcOutcome limits_calc(const ProgramSet& set, std::vector<ReceiptLine> lines,
                        std::vector<std::string> coupons = {}, Settings st = moscow()) {
  auto r = receipt(kWhen, std::move(lines));
  r.coupons = std::move(coupons);
  CardState c = card();
  return calculate(r, &c, set, {}, st);
}

}  // namespace

TEST_CASE("min_total gates a discount by the total before discounts, no-loyalty lines included") {
  auto set = programs({R"({"id": "big", "name": "От 1000 ₽", "kind": "discount", "percent": 10,
                           "min_total": 100000, "audience": {"anyone": true}})"});
  // 600 ₽ of cosmetics and 500 ₽ of tobacco reach 1000 ₽: the cosmetics get 10 %.
  auto out = limits_calc(
      set, {line(1, "A", "cosmetics", 1000, 60000), line(2, "T", "tobacco", 1000, 50000)});
  CHECK(line_discounts(answer(out)) == std::vector<Kopecks>{6000, 0});
  // Exactly 1000 ₽ reaches it; 999,99 ₽ does not.
  out = limits_calc(set,
                    {line(1, "A", "cosmetics", 1000, 50000), line(2, "T", "tobacco", 1000, 50000)});
  CHECK(answer(out)["discount"] == 5000);
  out = limits_calc(set,
                    {line(1, "A", "cosmetics", 1000, 49999), line(2, "T", "tobacco", 1000, 50000)});
  CHECK(answer(out)["discount"] == 0);
  CHECK(answer(out)["applied"].empty());
}

TEST_CASE("min_total on a bonus gates the accrual") {
  auto set = programs({R"({"id": "cash", "name": "Кешбэк", "kind": "bonus", "percent": 10,
                           "min_total": 100000})"});
  CHECK(answer(limits_calc(set, {line(1, "A", "x", 1000, 99999)}))["points_accrued"] == 0);
  CHECK(answer(limits_calc(set, {line(1, "A", "x", 1000, 100000)}))["points_accrued"] == 100);
}

TEST_CASE("max_discount: the capped amount spread in proportion, kopeck-exact by line number") {
  auto set = programs({R"({"id": "p20", "name": "20 %", "kind": "discount", "percent": 20,
                           "max_discount": 5000, "audience": {"anyone": true}})"});
  // Three lines of 100 ₽ would give 20 ₽ each; 50 ₽ over three: 16,67 16,67 16,66, the
  // remainder kopecks to the lower line numbers whatever the order the lines came in.
  auto out = limits_calc(set, {line(3, "C", "x", 1000, 10000), line(2, "B", "x", 1000, 10000),
                               line(1, "A", "x", 1000, 10000)});
  CHECK(line_discounts(answer(out)) == std::vector<Kopecks>{1666, 1667, 1667});
  CHECK(answer(out)["discount"] == 5000);
  REQUIRE(answer(out)["applied"].size() == 1);
  CHECK(answer(out)["applied"][0]["discount"] == 5000);
  // Under the cap nothing changes.
  out = limits_calc(set, {line(1, "A", "x", 1000, 10000)});
  CHECK(answer(out)["discount"] == 2000);
}

TEST_CASE("max_discount on a fixed amount and on a stacking percent") {
  auto set = programs(
      {R"({"id": "m500", "name": "−500 ₽", "kind": "discount", "amount": 50000,
           "max_discount": 30000, "audience": {"anyone": true}})",
       R"({"id": "half", "name": "50 % на A", "kind": "discount", "percent": 50,
           "audience": {"anyone": true}, "scope": {"skus": ["A"]}})",
       R"({"id": "st20", "name": "ещё 20 %", "kind": "discount", "percent": 20, "stack": true,
           "max_discount": 1000, "audience": {"anyone": true}})"});
  // Step 2: A 1000 ₽ − 50 % = 500 ₽, then 20 % = 100 ₽; B 500 ₽: 20 % = 100 ₽. The cap
  // of 10 ₽ is spread 5 + 5 ₽ (in proportion to 100 : 100). Step 3: 300 ₽ (the cap of the 500
  // ₽) over 495 ₽ and 495 ₽: 150 + 150 ₽.
  auto out = limits_calc(set, {line(1, "A", "x", 1000, 100000), line(2, "B", "x", 1000, 50000)});
  CHECK(line_discounts(answer(out)) == std::vector<Kopecks>{50000 + 500 + 15000, 500 + 15000});
  CHECK(answer(out)["discount"] == 81000);
}

TEST_CASE("exclusive: the one that takes the most wins alone; the others are not applied") {
  auto set = programs(
      {R"({"id": "card5", "name": "Карта 5%", "kind": "discount", "percent": 5})",
       R"({"id": "promo", "name": "Косметика 10%", "kind": "discount", "percent": 10,
           "exclusive": true, "priority": 10, "audience": {"anyone": true},
           "scope": {"categories": ["cosmetics"]}})",
       R"({"id": "ex15", "name": "−15 ₽", "kind": "discount", "amount": 1500, "exclusive": true,
           "priority": 50, "audience": {"anyone": true}})",
       R"({"id": "cash", "name": "Кешбэк", "kind": "bonus", "percent": 10})",
       R"({"id": "spring", "name": "ВЕСНА", "kind": "coupon", "codes": ["VESNA10"],
           "percent": 10, "audience": {"anyone": true}, "scope": {"categories": ["cosmetics"]}})"});
  // Alone, promo takes 10 ₽ and ex15 15 ₽: ex15 wins although promo runs first.
  auto out = limits_calc(
      set, {line(1, "A", "cosmetics", 1000, 10000), line(2, "H", "haircut", 1000, 20000)},
      {"VESNA10"});
  const Json r = answer(out);
  CHECK(line_discounts(r) == std::vector<Kopecks>{500, 1000});
  REQUIRE(r["applied"].size() == 2);
  CHECK(r["applied"][0]["program"] == "ex15");
  CHECK(r["applied"][0]["discount"] == 1500);
  CHECK(r["applied"][1]["program"] == "cash");  // points accrue as usual
  CHECK(r["applied"][1]["points"] == 28);
  REQUIRE(r["not_applied"].size() == 2);
  CHECK(r["not_applied"][0] == Json{{"program", "card5"},
                                    {"kind", "discount"},
                                    {"reason", "exclusive"},
                                    {"by", "ex15"},
                                    {"text",
                                     "Карта 5%: не применена — не суммируется с «−15 "
                                     "₽»"}});
  CHECK(r["not_applied"][1]["program"] == "promo");
  CHECK(r["coupons"][0]["status"] == "not_applied");
  CHECK(r["coupons"][0]["message"] ==
        "Промокод VESNA10 не суммируется с «−15 ₽»; промокод "
        "не "
        "израсходован");
  CHECK(out.effects.coupon_programs.empty());
  auto cashier = texts(r, "cashier");
  CHECK(cashier.size() == 3);

  Settings en = moscow();
  en.locale = Locale::kEn;
  auto english =
      answer(limits_calc(set, {line(1, "A", "cosmetics", 1000, 10000)}, {"VESNA10"}, en));
  // Alone on 100 ₽ of cosmetics: promo 10 ₽, ex15 15 ₽ again. Without ex15 the coupon
  // would have beaten the card there, so only promo is listed.
  CHECK(english["coupons"][0]["message"] ==
        "Promo code VESNA10 does not combine with \"−15 ₽\"; it stays unused");
  REQUIRE(english["not_applied"].size() == 1);
  CHECK(english["not_applied"][0]["text"] ==
        "Косметика 10%: not applied: does not combine with \"−15 ₽\"");
}

TEST_CASE("exclusive: equal takes go to the lower priority number, then the id") {
  auto make = [](int pa, int pb) {
    return programs(
        {R"({"id": "b-off", "name": "B", "kind": "discount", "amount": 1000, "exclusive": true,
             "audience": {"anyone": true}, "priority": )" +
             std::to_string(pb) + "}",
         R"({"id": "a-off", "name": "A", "kind": "discount", "amount": 1000, "exclusive": true,
             "audience": {"anyone": true}, "priority": )" +
             std::to_string(pa) + "}"});
  };
  auto lines = std::vector<ReceiptLine>{line(1, "A", "x", 1000, 5000)};
  auto by_id = answer(limits_calc(make(100, 100), lines));
  CHECK(by_id["applied"][0]["program"] == "a-off");
  CHECK(by_id["not_applied"][0]["program"] == "b-off");
  CHECK(by_id["discount"] == 1000);
  auto by_priority = answer(limits_calc(make(100, 5), lines));
  CHECK(by_priority["applied"][0]["program"] == "b-off");
}

TEST_CASE("an exclusive program that takes nothing shuts nothing out") {
  auto set = programs(
      {R"({"id": "card5", "name": "Карта 5%", "kind": "discount", "percent": 5})",
       R"({"id": "z50", "name": "Z −50%", "kind": "discount", "percent": 50, "exclusive": true,
           "scope": {"skus": ["Z"]}})",
       R"({"id": "big", "name": "Большой чек", "kind": "discount", "percent": 50,
           "exclusive": true, "min_total": 1000000})"});
  auto out = answer(limits_calc(set, {line(1, "A", "x", 1000, 10000)}));
  CHECK(out["discount"] == 500);
  CHECK_FALSE(out.contains("not_applied"));
}

TEST_CASE("a coupon may give a fixed amount; one that takes nothing is not used") {
  auto set =
      programs({R"({"id": "m500", "name": "−500 ₽", "kind": "coupon", "codes": ["MINUS500"],
           "amount": 50000, "uses_per_card": 1, "audience": {"anyone": true}})",
                R"({"id": "gift", "name": "Подарок", "kind": "discount", "percent": 100,
           "audience": {"anyone": true}, "scope": {"skus": ["G"]}})"});
  // 500 ₽ off 300 ₽ + 100 ₽: all of it, 300 + 100.
  auto out = limits_calc(set, {line(1, "A", "x", 1000, 30000), line(2, "B", "x", 1000, 10000)},
                         {"minus500"});
  CHECK(line_discounts(answer(out)) == std::vector<Kopecks>{30000, 10000});
  CHECK(answer(out)["coupons"][0]["status"] == "applied");
  CHECK(answer(out)["applied"][0] == Json{{"program", "m500"},
                                          {"kind", "coupon"},
                                          {"discount", 40000},
                                          {"text", "−500 ₽: скидка 400,00 ₽"}});
  CHECK(out.effects.coupon_programs == std::vector<std::string>{"m500"});
  // A 450 ₽ receipt: all of it.
  out = limits_calc(set, {line(1, "A", "x", 1000, 30000), line(2, "B", "x", 1000, 15000)},
                    {"MINUS500"});
  CHECK(line_discounts(answer(out)) == std::vector<Kopecks>{30000, 15000});
  out = limits_calc(set, {line(1, "A", "x", 1000, 60000), line(2, "B", "x", 1000, 30000)},
                    {"MINUS500"});
  CHECK(line_discounts(answer(out)) == std::vector<Kopecks>{33333, 16667});
  // On a gift that is already free it takes nothing: not applied, not used.
  out = limits_calc(set, {line(1, "G", "x", 1000, 30000)}, {"MINUS500"});
  CHECK(answer(out)["coupons"][0]["status"] == "not_applied");
  CHECK(out.effects.coupon_programs.empty());
}

TEST_CASE("equal non-stacking discounts: the lower priority number wins, then the id") {
  auto make = [](int coupon_priority) {
    return programs({R"({"id": "card10", "name": "Карта 10%", "kind": "discount", "percent": 10})",
                     R"({"id": "spring", "name": "ВЕСНА", "kind": "coupon", "codes": ["VESNA10"],
             "percent": 10, "audience": {"anyone": true}, "priority": )" +
                         std::to_string(coupon_priority) + "}"});
  };
  auto lines = std::vector<ReceiptLine>{line(1, "A", "x", 1000, 10000)};
  // Equal priority: "card10" < "spring" by id, so the card wins and the coupon is kept.
  auto tie = limits_calc(make(100), lines, {"VESNA10"});
  CHECK(answer(tie)["applied"][0]["program"] == "card10");
  CHECK(answer(tie)["coupons"][0]["status"] == "not_applied");
  CHECK(tie.effects.coupon_programs.empty());
  auto first = limits_calc(make(50), lines, {"VESNA10"});
  CHECK(answer(first)["applied"][0]["program"] == "spring");
  CHECK(answer(first)["discount"] == 1000);
  CHECK(answer(first)["coupons"][0]["status"] == "applied");
}

TEST_CASE("a visit reward beaten by a larger discount is not applied, with its reason, and kept") {
  auto set = programs({R"({"id": "v1", "name": "Каждый визит", "kind": "visits", "every": 1,
           "reward": {"percent": 10}})",
                       R"({"id": "big", "name": "Акция 20%", "kind": "discount", "percent": 20})"});
  auto out = limits_calc(set, {line(1, "A", "x", 1000, 10000)});
  CHECK(answer(out)["discount"] == 2000);
  REQUIRE(answer(out)["not_applied"].size() == 1);
  CHECK(answer(out)["not_applied"][0] ==
        Json{{"program", "v1"},
             {"kind", "visits"},
             {"reason", "beaten"},
             {"text",
              "Каждый визит: не применена — на эти товары уже действует не меньшая скидка; "
              "сохраняется для следующей покупки"}});
  CHECK(out.effects.visit_rewards.empty());
  Settings en = moscow();
  en.locale = Locale::kEn;
  CHECK(answer(
            limits_calc(set, {line(1, "A", "x", 1000, 10000)}, {}, en))["not_applied"][0]["text"] ==
        "Каждый визит: not applied: its items already have an equal or larger discount; kept "
        "for a later purchase");
}

TEST_CASE("a coupon with none of its items on the receipt says so, not that it was beaten") {
  // Its text said "a larger discount already applies" on a receipt with no discount at all.
  auto set = programs(
      {R"({"id": "tob", "name": "Табак", "kind": "coupon", "codes": ["TOB"], "percent": 10,
           "audience": {"anyone": true}, "scope": {"categories": ["tobacco"]}})",
       R"({"id": "amt", "name": "−1 ₽", "kind": "coupon", "codes": ["AMT"], "amount": 100,
           "audience": {"anyone": true}, "scope": {"skus": ["NONE"]}})"});
  const Json r = answer(
      limits_calc(set, {line(1, "S1", "tobacco", 1000, 1000), line(2, "S2", "food", 1000, 1000)},
                  {"TOB", "AMT"}));
  REQUIRE(r["coupons"].size() == 2);
  for (const auto& c : r["coupons"]) {
    CHECK(c["status"] == "not_applied");
    CHECK(c["message"] == "Промокод " + c["code"].get<std::string>() +
                              " не даёт скидки в этом чеке: его товаров в чеке нет (или на них "
                              "акции не действуют); промокод не израсходован");
  }
  CHECK(r["discount"] == 0);
}
