// Tests of the receipt calculation with the exact numbers of programs.md, pos-api.md and
// the seed schemes.
#include "core/engine.h"

#include "core/effects.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {
const char* kCashback15 =
    R"({"id": "cashback", "name": "Кешбэк", "kind": "bonus", "percent": 10,
        "points": {"max_redeem_percent": 15}})";
const char* kVisits20 =
    R"({"id": "visits-cosmetics", "name": "3 визита", "kind": "visits", "count": 3,
        "within_days": 60, "reward": {"percent": 20}, "scope": {"categories": ["cosmetics"]}})";
const char* kCashbackLevels =
    R"({"id": "cashback-levels", "name": "Кешбэк для постоянных клиентов", "kind": "bonus",
        "levels": [{"from_spent": 4000000, "percent": 10}, {"from_spent": 10000000, "percent": 15}],
        "points": {"lifetime_days": 182, "max_redeem_percent": 10}})";
}  // namespace

TEST_CASE("the pos-api.md calculate example, to the kopeck") {
  auto set = programs({kCashback15, kVisits20});
  CardState c = card(4100000);
  c.visit_days = {day("2026-10-01"), day("2026-11-01")};
  c.lots = {lot("r:1/0", "cashback", 755)};
  auto req = receipt("2026-11-24T12:00:00+03:00", {line(1, "A-17", "cosmetics", 2000, 45000),
                                                   line(2, "S-1", "haircut", 1000, 150000)});
  req.redeem = {RedeemRequest::Kind::kPoints, 300};
  auto out = calculate(req, &c, set, {}, moscow());
  const Json r = answer(out);
  CHECK(r["loyalty"] == "applied");
  CHECK(r["total_before"] == 240000);
  CHECK(r["discount"] == 18000);
  CHECK(r["points_redeemed"] == 300);
  CHECK(r["paid_with_points"] == 30000);
  CHECK(r["total"] == 192000);
  CHECK(r["points_accrued"] == 192);
  CHECK(r["points_balance_after"] == 647);
  CHECK(r["points_redeem_max"] == 333);
  CHECK(r["lines"][0]["discount"] == 18000);
  CHECK(r["lines"][0]["paid_with_points"] == 9730);
  CHECK(r["lines"][0]["amount"] == 62270);
  CHECK(r["lines"][1]["paid_with_points"] == 20270);
  CHECK(r["lines"][1]["amount"] == 129730);
  CHECK(r["applied"][0]["program"] == "visits-cosmetics");
  CHECK(r["applied"][0]["discount"] == 18000);
  CHECK(r["applied"][1]["program"] == "cashback");
  CHECK(r["applied"][1]["points"] == 192);
  // What confirming does to the card.
  CHECK(out.effects.spent_delta == 222000);
  CHECK(out.effects.draws.size() == 1);
  CHECK(out.effects.draws[0].points == 300);
  CHECK(out.effects.visit_rewards.size() == 1);
  REQUIRE(out.effects.new_lots.size() == 1);
  CHECK(out.effects.new_lots[0].remaining == 192);
}

TEST_CASE("Sycret: 2 200 ₽ paid with 10 % cashback gives 220 bonuses and says so") {
  auto set = programs({kCashbackLevels});
  CardState c = card(4100000);
  c.lots = {lot("r:1/0", "cashback-levels", 535)};
  auto out =
      calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "S-1", "haircut", 1000, 220000)}), &c,
                set, {}, moscow());
  CHECK(answer(out)["points_accrued"] == 220);
  CHECK(
      texts(answer(out), "receipt") ==
      std::vector<std::string>{
          "Оплачено 2 200,00 ₽. Начислено 220 бонусов. Баланс 755 "
          "бонусов."});
  auto en = moscow();
  en.locale = Locale::kEn;
  auto out_en =
      calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "S-1", "haircut", 1000, 220000)}), &c,
                set, {}, en);
  CHECK(texts(answer(out_en), "receipt") ==
        std::vector<std::string>{"Paid 2 200,00 ₽. Earned 220 points. Balance 755 points."});
}

TEST_CASE(
    "cashback levels follow spent before the receipt: 40 000 ₽ → 10 %, 100 000 ₽ → 15 %") {
  auto set = programs({kCashbackLevels});
  auto r = receipt("2026-11-24T12:00:00+03:00", {line(1, "S-1", "haircut", 1000, 100000)});
  CardState below = card(3999999);
  CHECK(answer(calculate(r, &below, set, {}, moscow()))["points_accrued"] == 0);
  CardState ten = card(4000000);
  CHECK(answer(calculate(r, &ten, set, {}, moscow()))["points_accrued"] == 100);
  CardState fifteen = card(10000000);
  auto out = calculate(r, &fifteen, set, {}, moscow());
  CHECK(answer(out)["points_accrued"] == 150);
  REQUIRE(out.effects.new_lots.size() == 1);
  CHECK(format_date(*out.effects.new_lots[0].last_day) == "2027-05-25");  // 182 days
}

TEST_CASE("the payment limit: points pay at most 10 % of the receipt, points never earn points") {
  auto set = programs({kCashbackLevels});
  CardState c = card(4100000);
  c.lots = {lot("r:1/0", "cashback-levels", 1000)};
  auto r = receipt("2026-11-24T12:00:00+03:00", {line(1, "S-1", "haircut", 1000, 220000)});
  r.redeem = {RedeemRequest::Kind::kMax, 0};
  auto out = calculate(r, &c, set, {}, moscow());
  CHECK(answer(out)["points_redeem_max"] == 220);
  CHECK(answer(out)["points_redeemed"] == 220);
  CHECK(answer(out)["total"] == 198000);
  CHECK(answer(out)["points_accrued"] == 198);
  CHECK(answer(out)["points_balance_after"] == 1000 - 220 + 198);
  // Asking for more than the limit is lowered to it.
  r.redeem = {RedeemRequest::Kind::kPoints, 5000};
  CHECK(answer(calculate(r, &c, set, {}, moscow()))["points_redeemed"] == 220);
}

TEST_CASE("caps are per program; manual points have none; lots burn soonest first") {
  auto set = programs({kCashbackLevels, R"({"id": "birthday", "name": "ДР", "kind": "birthday",
      "grant": 1000, "days_before": 7, "points": {"lifetime_days": 14, "max_redeem_percent": 15}})"});
  CardState c = card(0);
  c.lots = {lot("a/0", "cashback-levels", 500, "2027-01-10"),
            lot("b/0", "birthday", 500, "2026-12-01"), lot("c/0", "", 50)};
  auto r = receipt("2026-11-24T12:00:00+03:00", {line(1, "S-1", "haircut", 1000, 100000)});
  r.redeem = {RedeemRequest::Kind::kMax, 0};
  auto out = calculate(r, &c, set, {}, moscow());
  // 10 % of 1000 ₽ = 100 points + 15 % = 150 points + 50 manual points.
  CHECK(answer(out)["points_redeem_max"] == 300);
  REQUIRE(out.effects.draws.size() == 3);
  CHECK(out.effects.draws[0].lot_id == "b/0");  // burns first
  CHECK(out.effects.draws[0].points == 150);
  CHECK(out.effects.draws[1].lot_id == "a/0");
  CHECK(out.effects.draws[1].points == 100);
  CHECK(out.effects.draws[2].lot_id == "c/0");
  CHECK(out.effects.draws[2].points == 50);
}

TEST_CASE("welcome cashback: 5 % on the first purchase only, 30 days, 15 % limit") {
  auto set = programs({R"({"id": "welcome", "name": "Кешбэк после первого визита", "kind": "bonus",
      "percent": 5, "first_purchase_only": true, "points": {"lifetime_days": 30, "max_redeem_percent": 15}})"});
  auto r = receipt("2026-11-24T12:00:00+03:00", {line(1, "S-1", "haircut", 1000, 150000)});
  CardState fresh = card();
  auto out = calculate(r, &fresh, set, {}, moscow());
  CHECK(answer(out)["points_accrued"] == 75);
  CHECK(format_date(*out.effects.new_lots[0].last_day) == "2026-12-24");
  CardState regular = card();
  regular.purchases = 1;
  CHECK(answer(calculate(r, &regular, set, {}, moscow()))["points_accrued"] == 0);
}

TEST_CASE("3 visits in 2 months → 30 % on cosmetics on the third visit, then the count restarts") {
  auto set =
      programs({R"({"id": "visits-cosmetics", "name": "3 визита", "kind": "visits", "count": 3,
      "within_days": 60, "reward": {"percent": 30}, "scope": {"categories": ["cosmetics"]}})"});
  auto lines = std::vector<ReceiptLine>{line(1, "A-17", "cosmetics", 1000, 100000),
                                        line(2, "S-1", "haircut", 1000, 100000)};
  CardState c = card();
  c.visit_days = {day("2026-10-01"), day("2026-11-01")};
  auto third = calculate(receipt("2026-11-24T12:00:00+03:00", lines), &c, set, {}, moscow());
  CHECK(answer(third)["discount"] == 30000);
  CHECK(answer(third)["lines"][1]["discount"] == 0);

  CardState too_old = card();
  too_old.visit_days = {day("2026-09-20"), day("2026-11-01")};  // 65 days before
  CHECK(answer(calculate(receipt("2026-11-24T12:00:00+03:00", lines), &too_old, set, {},
                         moscow()))["discount"] == 0);

  CardState second = card();
  second.visit_days = {day("2026-11-01")};
  CHECK(answer(calculate(receipt("2026-11-24T12:00:00+03:00", lines), &second, set, {},
                         moscow()))["discount"] == 0);

  // After the reward on the 24th, visits count again from zero.
  apply_effects(c, third.effects, "r:9", day("2026-11-24"));
  c.visit_days.push_back(day("2026-11-25"));
  c.visit_days.push_back(day("2026-11-26"));
  CHECK(answer(calculate(receipt("2026-11-26T12:00:00+03:00", lines), &c, set, {},
                         moscow()))["discount"] == 0);
  CHECK(answer(calculate(receipt("2026-11-27T12:00:00+03:00", lines), &c, set, {},
                         moscow()))["discount"] == 30000);
  // A second purchase on a visit day is not a new visit.
  CHECK(answer(calculate(receipt("2026-11-26T18:00:00+03:00", lines), &c, set, {},
                         moscow()))["discount"] == 0);
}

TEST_CASE("every 6th visit with no time limit") {
  auto set = programs(
      {R"({"id": "sixth", "name": "6-й визит", "kind": "visits", "every": 6, "reward": {"percent": 50}})"});
  CardState c = card();
  for (int i = 0; i < 5; ++i) c.visit_days.push_back(day("2025-01-01") + i * 40);
  CHECK(answer(calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "S", "x", 1000, 1000)}), &c,
                         set, {}, moscow()))["discount"] == 500);
  c.visit_days.pop_back();
  CHECK(answer(calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "S", "x", 1000, 1000)}), &c,
                         set, {}, moscow()))["discount"] == 0);
}

TEST_CASE("per line the largest non-stacking percent wins; stacking ones apply to the rest") {
  auto set = programs(
      {R"({"id": "card5", "name": "Карта 5%", "kind": "discount", "percent": 5})",
       R"({"id": "promo10", "name": "Акция 10%", "kind": "discount", "percent": 10, "audience": {"anyone": true},
          "scope": {"categories": ["cosmetics"]}})",
       R"({"id": "extra", "name": "Доп. 12.5%", "kind": "discount", "percent": 12.5, "stack": true,
          "audience": {"anyone": true}})"});
  CardState c = card();
  auto out = calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "A", "cosmetics", 1000, 10000),
                                                             line(2, "B", "haircut", 1000, 10000)}),
                       &c, set, {}, moscow());
  // Line 1: 10 % = 1000, then 12.5 % of 9000 = 1125. Line 2: 5 % = 500, then 12.5 % of 9500 =
  // 1187.5 → 1188.
  CHECK(answer(out)["lines"][0]["discount"] == 2125);
  CHECK(answer(out)["lines"][1]["discount"] == 1688);
}

TEST_CASE("a fixed amount is spread over scope lines in proportion, exactly") {
  auto set =
      programs({R"({"id": "minus100", "name": "−100 ₽", "kind": "discount", "amount": 10000,
      "audience": {"anyone": true}})"});
  auto out = calculate(receipt("2026-11-24T12:00:00+03:00",
                               {line(1, "A", "x", 1000, 10000), line(2, "B", "x", 1000, 10000),
                                line(3, "C", "x", 1000, 10000)},
                               ""),
                       nullptr, set, {}, moscow());
  CHECK(answer(out)["loyalty"] == "no_card");
  CHECK(answer(out)["lines"][0]["discount"] == 3334);
  CHECK(answer(out)["lines"][1]["discount"] == 3333);
  CHECK(answer(out)["lines"][2]["discount"] == 3333);
  CHECK(answer(out)["total"] == 20000);
}

TEST_CASE("no-loyalty categories get no discount, no points and pay no points") {
  auto set = programs(
      {kCashback15, R"({"id": "all10", "name": "10%", "kind": "discount", "percent": 10})"});
  CardState c = card();
  c.lots = {lot("r:1/0", "", 10000)};
  auto r = receipt("2026-11-24T12:00:00+03:00",
                   {line(1, "T", "tobacco", 1000, 30000), line(2, "A", "cosmetics", 1000, 10000)});
  r.redeem = {RedeemRequest::Kind::kMax, 0};
  auto out = calculate(r, &c, set, {}, moscow());
  CHECK(answer(out)["lines"][0]["discount"] == 0);
  CHECK(answer(out)["lines"][0]["paid_with_points"] == 0);
  CHECK(answer(out)["lines"][1]["discount"] == 1000);
  CHECK(answer(out)["points_redeem_max"] == 90);  // manual points: 100 % of 90 ₽
  CHECK(answer(out)["points_accrued"] == 0);      // everything eligible was paid with points
  CHECK(answer(out)["total"] == 30000);
}

TEST_CASE("blocked, lost and unknown cards get no card loyalty, but promotions for anyone apply") {
  auto set =
      programs({kCashback15, R"({"id": "happy", "name": "Утро", "kind": "discount", "percent": 10,
      "audience": {"anyone": true}, "schedule": {"days": ["mon","tue","wed","thu","fri"], "hours": "09:00-12:00"}})"});
  CardState blocked = card();
  blocked.status = CardStatus::kBlocked;
  auto r =
      receipt("2026-11-24T10:00:00+03:00", {line(1, "S", "haircut", 1000, 100000)});  // a Tuesday
  auto out = calculate(r, &blocked, set, {}, moscow());
  CHECK(answer(out)["loyalty"] == "card_blocked");
  CHECK(answer(out)["discount"] == 10000);
  CHECK(answer(out)["points_accrued"] == 0);
  CHECK(answer(out)["points_balance_after"].is_null());
  CHECK(out.effects.card.empty());
  CHECK(texts(answer(out), "cashier").size() == 1);
  CHECK(answer(calculate(r, nullptr, set, {}, moscow()))["loyalty"] == "card_not_found");
  // 12:00 is outside the half-open 09:00-12:00; Saturday is outside the days.
  CHECK(answer(
            calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "S", "haircut", 1000, 100000)}),
                      nullptr, set, {}, moscow()))["discount"] == 0);
  CHECK(answer(
            calculate(receipt("2026-11-28T10:00:00+03:00", {line(1, "S", "haircut", 1000, 100000)}),
                      nullptr, set, {}, moscow()))["discount"] == 0);
}

TEST_CASE("hours across midnight belong to the day the evening began") {
  auto set = programs({R"({"id": "night", "name": "Ночь пятницы", "kind": "discount",
      "percent": 10, "audience": {"anyone": true},
      "schedule": {"days": ["fri"], "hours": "22:00-02:00"}})"});
  const auto discount_at = [&](const char* at) {
    return answer(calculate(receipt(at, {line(1, "S", "haircut", 1000, 100000)}), nullptr, set, {},
                            moscow()))["discount"];
  };
  CHECK(discount_at("2026-12-04T22:30:00+03:00") == 10000);  // Friday evening
  CHECK(discount_at("2026-12-05T01:00:00+03:00") == 10000);  // the same night, on Saturday
  CHECK(discount_at("2026-12-05T02:00:00+03:00") == 0);      // half-open
  CHECK(discount_at("2026-12-04T01:00:00+03:00") == 0);      // Thursday's night
  CHECK(discount_at("2026-12-05T22:30:00+03:00") == 0);      // Saturday evening
}

TEST_CASE("a night valid on one day runs to the end of that night, not the night before") {
  auto set = programs({R"({"id": "ny", "name": "Новогодняя ночь", "kind": "discount",
      "percent": 10, "audience": {"anyone": true}, "valid": {"from": "2026-12-31", "to": "2026-12-31"},
      "schedule": {"hours": "22:00-02:00"}})"});
  const auto discount_at = [&](const char* at) {
    return answer(calculate(receipt(at, {line(1, "S", "haircut", 1000, 100000)}), nullptr, set, {},
                            moscow()))["discount"];
  };
  CHECK(discount_at("2026-12-31T01:00:00+03:00") == 0);      // 30 December's night
  CHECK(discount_at("2026-12-31T21:59:59+03:00") == 0);      // before the hours
  CHECK(discount_at("2026-12-31T22:00:00+03:00") == 10000);  // New Year's Eve
  CHECK(discount_at("2027-01-01T01:59:59+03:00") == 10000);  // the same night, on the 1st
  CHECK(discount_at("2027-01-01T02:00:00+03:00") == 0);
  CHECK(discount_at("2027-01-01T22:30:00+03:00") == 0);  // past `valid`
}

TEST_CASE("coupon codes ignore case in Cyrillic too") {
  auto set = programs(
      {R"({"id": "spring", "name": "Весна", "kind": "coupon", "codes": ["Весна", "Spring10"],
      "percent": 10, "audience": {"anyone": true}})"});
  for (const char* code : {"Весна", "весна", "ВЕСНА", "spring10", "SPRING10"}) {
    CAPTURE(code);
    auto r = receipt("2026-04-10T12:00:00+03:00", {line(1, "A", "x", 1000, 100000)});
    r.coupons = {code};
    auto out = calculate(r, nullptr, set, {}, moscow());
    CHECK(answer(out)["coupons"][0]["status"] == "applied");
    CHECK(answer(out)["discount"] == 10000);
  }
}

TEST_CASE("coupons: applied, invalid, expired, used up, not eligible; codes ignore case") {
  auto set = programs(
      {R"({"id": "spring", "name": "ВЕСНА", "kind": "coupon", "codes": ["VESNA10"], "percent": 10,
      "uses_per_card": 1, "uses_total": 2, "min_total": 100000, "valid": {"from": "2027-03-01", "to": "2027-05-31"},
      "audience": {"anyone": true}})"});
  auto make = [](const std::string& when, Kopecks price, std::vector<std::string> codes) {
    auto r = receipt(when, {line(1, "A", "x", 1000, price)});
    r.coupons = std::move(codes);
    return r;
  };
  CardState c = card();
  auto ok = calculate(make("2027-03-10T12:00:00+03:00", 200000, {"vesna10", "NOPE"}), &c, set, {},
                      moscow());
  CHECK(answer(ok)["coupons"][0]["status"] == "applied");
  CHECK(answer(ok)["coupons"][1]["status"] == "invalid");
  CHECK(answer(ok)["coupons"][1]["message"] == "Промокод не найден");
  CHECK(answer(ok)["discount"] == 20000);
  CHECK(ok.effects.coupon_programs == std::vector<std::string>{"spring"});
  CHECK(answer(calculate(make("2027-06-01T12:00:00+03:00", 200000, {"VESNA10"}), &c, set, {},
                         moscow()))["coupons"][0]["status"] == "expired");
  CHECK(answer(calculate(make("2027-03-10T12:00:00+03:00", 99999, {"VESNA10"}), &c, set, {},
                         moscow()))["coupons"][0]["status"] == "not_eligible");
  CardState used = card();
  used.coupon_uses["spring"] = 1;
  CHECK(answer(calculate(make("2027-03-10T12:00:00+03:00", 200000, {"VESNA10"}), &used, set, {},
                         moscow()))["coupons"][0]["status"] == "used_up");
  Counters all_used;
  all_used.coupon_uses_total["spring"] = 2;
  auto out = calculate(make("2027-03-10T12:00:00+03:00", 200000, {"VESNA10"}), &c, set, all_used,
                       moscow());
  CHECK(answer(out)["coupons"][0]["status"] == "used_up");
  CHECK(answer(out)["discount"] == 0);
}

TEST_CASE("threshold and volume discounts") {
  auto set = programs(
      {R"({"id": "big", "name": "От 5000", "kind": "threshold", "min_total": 500000, "percent": 5,
                          "audience": {"anyone": true}})",
       R"({"id": "three", "name": "3 шт", "kind": "volume", "min_qty": 3, "percent": 15,
                          "scope": {"skus": ["A-17"]}, "audience": {"anyone": true}})"});
  auto small =
      calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "A-17", "x", 2500, 10000)}, ""),
                nullptr, set, {}, moscow());
  CHECK(answer(small)["discount"] == 0);
  auto three =
      calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "A-17", "x", 3000, 10000)}, ""),
                nullptr, set, {}, moscow());
  CHECK(answer(three)["discount"] == 4500);
  auto big =
      calculate(receipt("2026-11-24T12:00:00+03:00",
                        {line(1, "A-17", "x", 1000, 10000), line(2, "B", "y", 1000, 490000)}, ""),
                nullptr, set, {}, moscow());
  CHECK(answer(big)["discount"] == 25000);
}

TEST_CASE("weight goods: amount is round-half-up of price × qty") {
  auto set = programs({});
  auto out = calculate(receipt("2026-11-24T12:00:00+03:00", {line(1, "W", "x", 2300, 12345)}, ""),
                       nullptr, set, {}, moscow());
  CHECK(answer(out)["total"] == 28394);
}
