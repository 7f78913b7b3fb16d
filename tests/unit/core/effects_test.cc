// Tests of apply_effects' tolerance (offline double spends) and of effects as JSON.
#include "core/effects.h"

#include <limits>

#include "core/card_points.h"
#include "engine_test_util.h"

using namespace kopilka::test;

TEST_CASE(
    "two registers spending the same lot offline: the second draw takes other lots, then debt") {
  CardState c = card();
  c.lots = {lot("a/0", "x", 300, "2026-12-01"), lot("b/0", "x", 100, "2027-01-01")};
  CardEffects one, two;
  one.card = two.card = c.number;
  one.draws = {{"a/0", 300}};
  two.draws = {{"a/0", 300}};
  apply_effects(c, one, "r-a:1", day("2026-11-24"));
  apply_effects(c, two, "r-b:1", day("2026-11-24"));
  CHECK(c.lots.empty());
  CHECK(c.debt == 200);
  CHECK(summarize_points(c, day("2026-11-24")).balance == -200);
  CardEffects accrual;
  accrual.card = c.number;
  accrual.new_lots = {lot("0", "x", 250, "2027-05-01")};
  apply_effects(c, accrual, "r-a:2", day("2026-11-25"));
  CHECK(c.debt == 0);
  REQUIRE(c.lots.size() == 1);
  CHECK(c.lots[0].id == "r-a:2/0");
  CHECK(c.lots[0].remaining == 50);
}

TEST_CASE("an entry dated ahead of the clock folds nothing that is still good today") {
  // 500 points good through 2027-01-02 on 2026-12-03; a receipt dated 2027-12-01 (a POS
  // clock a year out) would fold them away as burned long ago. With the applier's clock the
  // fold looks back from 2026-12-03 and keeps them.
  CardState c = card();
  c.lots = {lot("a/0", "x", 500, "2027-01-02")};
  CardEffects future;
  future.card = c.number;
  future.purchases_delta = 1;
  CardState without_clock = c;
  REQUIRE(apply_effects(without_clock, future, "r-a:1", day("2027-12-01")).is_ok());
  CHECK(without_clock.lots.empty());
  REQUIRE(apply_effects(c, future, "r-a:1", day("2027-12-01"), day("2026-12-03")).is_ok());
  CHECK(summarize_points(c, day("2026-12-03")).balance == 500);
}

TEST_CASE("points given back after their date burn at once and pay no debt") {
  // A card owing 50 gets back, on 2026-10-20, 100 points it redeemed that burned on
  // 2026-10-06 (a cancel of an old receipt): they are worth nothing, so it still owes 50.
  CardState c = card();
  c.debt = 50;
  CardEffects back;
  back.card = c.number;
  back.new_lots = {lot("0", "x", 100, "2026-10-06")};
  REQUIRE(apply_effects(c, back, "r-a:9", day("2026-10-20")).is_ok());
  CHECK(c.debt == 50);
  CHECK(summarize_points(c, day("2026-10-20")).balance == -50);
  // Points still good on the entry's day (through the end of their last day) repay it.
  CardEffects good;
  good.card = c.number;
  good.new_lots = {lot("0", "x", 100, "2026-10-20")};
  REQUIRE(apply_effects(c, good, "r-a:10", day("2026-10-20")).is_ok());
  CHECK(c.debt == 0);
  CHECK(summarize_points(c, day("2026-10-20")).balance == 50);
}

TEST_CASE("an offline double spend never takes a burned lot: the overdraft becomes debt") {
  // 200 usable points and 100 that burned on 2026-11-20; two registers offline each spend
  // the same 200 on 2026-11-24. The burned 100 were never spendable, so the card owes 200.
  CardState c = card();
  c.lots = {lot("a/0", "x", 200, "2026-12-31"), lot("old/0", "x", 100, "2026-11-20")};
  CardEffects one, two;
  one.card = two.card = c.number;
  one.draws = {{"a/0", 200}};
  two.draws = {{"a/0", 200}};
  apply_effects(c, one, "r-a:1", day("2026-11-24"));
  apply_effects(c, two, "r-b:1", day("2026-11-24"));
  CHECK(c.debt == 200);
  REQUIRE(c.lots.size() == 1);
  CHECK(c.lots[0].id == "old/0");
  CHECK(c.lots[0].remaining == 100);
  auto s = summarize_points(c, day("2026-11-24"));
  CHECK(s.balance == -200);
  CHECK(s.usable == -200);
}

TEST_CASE("an overdraft never takes points that are not usable yet on the entry's day") {
  CardState c = card();
  PointLot pending = lot("p/0", "x", 50, "2027-06-01");
  pending.usable_from = day("2026-11-30");
  c.lots = {pending, lot("u/0", "x", 30, "2027-06-01")};
  CardEffects spend;
  spend.card = c.number;
  spend.draws = {{"gone/0", 100}};
  apply_effects(c, spend, "r-a:1", day("2026-11-24"));
  CHECK(c.debt == 70);
  REQUIRE(c.lots.size() == 1);
  CHECK(c.lots[0].id == "p/0");
  CHECK(c.lots[0].remaining == 50);
  // Once the day is past the lot's first usable day, an overdraft may take it.
  CardEffects later;
  later.card = c.number;
  later.draws = {{"gone/1", 20}};
  apply_effects(c, later, "r-a:2", day("2026-11-30"));
  CHECK(c.debt == 70);
  REQUIRE(c.lots.size() == 1);
  CHECK(c.lots[0].remaining == 30);
}

TEST_CASE("effects round-trip through JSON") {
  CardEffects e;
  e.card = "2000000000015";
  e.spent_delta = -12345;
  e.purchases_delta = 1;
  e.visit_day = day("2026-11-24");
  e.draws = {{"r:1/0", 5}};
  e.new_lots = {lot("0", "cashback", 7, "2027-01-01"), lot("1", "", 3)};
  e.coupon_programs = {"spring"};
  e.visit_rewards = {{"visits", day("2026-11-24")}};
  e.birthday_grants = {{"birthday", 2026}};
  e.vouchers_issued = {Voucher{"v", "next", day("2026-11-24"), day("2026-12-24")}};
  e.vouchers_used = {"r:0/v"};
  Json j = effects_to_json(e);
  auto back = effects_from_json(parse_json_exact(j.dump()).value());
  REQUIRE(back.ok());
  CHECK(effects_to_json(*back) == j);
  // A receipt that earned and used vouchers of two programs keeps all four.
  e.vouchers_issued.push_back(Voucher{"v1", "next-spa", day("2026-11-24"), day("2026-12-04")});
  e.vouchers_used.push_back("r:0/v1");
  Json two = effects_to_json(e);
  CHECK(two["voucher_issued"].size() == 2);
  CHECK(two["voucher_used"] == Json::array({"r:0/v", "r:0/v1"}));
  auto back_two = effects_from_json(parse_json_exact(two.dump()).value());
  REQUIRE(back_two.ok());
  CHECK(back_two->vouchers_issued.size() == 2);
  CHECK(back_two->vouchers_issued[1].program == "next-spa");
  CHECK(back_two->vouchers_used == std::vector<std::string>{"r:0/v", "r:0/v1"});
  j["draws"][0]["points"] = -1;
  CHECK(effects_from_json(j).status().field() == "draws[0].points");
}

TEST_CASE("effects JSON: the exact text, and the first bad field of a damaged entry") {
  CardEffects e;
  e.card = "2000000000015";
  e.spent_delta = 90000;
  e.new_lots = {lot("0", "cashback", 7, "2027-01-01", "2026-11-24")};
  e.vouchers_issued = {Voucher{"v", "next", day("2026-11-24"), day("2026-12-24")}};
  CHECK(effects_to_json(e).dump() ==
        R"({"card":"2000000000015","new_lots":[{"earned_day":"2026-11-24","id":"0",)"
        R"("last_day":"2027-01-01","points":7,"program":"cashback","usable_from":"2026-11-24"}],)"
        R"("spent_delta":90000,"voucher_issued":{"id":"v","issued_day":"2026-11-24",)"
        R"("last_day":"2026-12-24","program":"next"}})");
  auto error = [](const std::string& text) {
    Status s = effects_from_json(parse_json_exact(text).value()).status();
    return s.field() + ": " + s.message();
  };
  const std::string card = R"({"card": "2000000000015", )";
  CHECK(error(card + R"("draws": {}})") == "draws: must be an array");
  CHECK(error(card + R"("coupon_programs": ["a", 1]})") == "coupon_programs[1]: must be a string");
  CHECK(error(card + R"("new_lots": [{"id": "0", "program": "", "earned_day": "2026-11-24",
                          "usable_from": "2026-11-24", "points": 0}]})") ==
        "new_lots[0].points: must be positive");
  CHECK(error(card + R"("new_lots": [{"id": "0", "program": "", "earned_day": "2026-11-24",
                          "usable_from": "2026-11-24", "last_day": 5, "points": 1}]})") ==
        "new_lots[0].last_day: must be a string");
  CHECK(error(card + R"("visit_rewards": [{"program": "v", "day": "2026-02-30"}]})")
            .rfind("visit_rewards[0].day: ", 0) == 0);
  CHECK(error(card + R"("birthday_grants": [{"program": "b", "year": 0}]})") ==
        "birthday_grants[0].year: must be a year from 1 to 9999");
  CHECK(error(card + R"("voucher_issued": {"id": "v"}})") ==
        "voucher_issued: must have id, program, issued_day and last_day");
  CHECK(error(card + R"("voucher_issued": 7})") ==
        "voucher_issued: must be an object or an array of them");
  CHECK(error(card + R"("voucher_issued": [{"id": "v", "program": "p", "issued_day":
                          "2026-11-24", "last_day": "2026-12-24"}, {"id": 1}]})") ==
        "voucher_issued[1].id: must be a string");
  CHECK(error(card + R"("voucher_used": ["r:1/v", 2]})") == "voucher_used[1]: must be a string");
  CHECK(error(card + R"("voucher_used": {}})") ==
        "voucher_used: must be a string or an array of them");
  CHECK(error(card + R"("spent_delta": "1"})").rfind("spent_delta: ", 0) == 0);
  CHECK(error(R"({"spent_delta": 1})") == "card: must be a string");
}

TEST_CASE("wallet money: a top-up adds, two offline spends go below zero, the next top-up repays") {
  CardState c = card();
  CardEffects topup, spend_a, spend_b;
  topup.card = spend_a.card = spend_b.card = c.number;
  topup.wallet_delta = 100000;
  spend_a.wallet_delta = spend_b.wallet_delta = -80000;
  REQUIRE(apply_effects(c, topup, "t-1", day("2026-11-24")).is_ok());
  REQUIRE(apply_effects(c, spend_a, "r-a:1", day("2026-11-24")).is_ok());
  REQUIRE(apply_effects(c, spend_b, "r-b:1", day("2026-11-24")).is_ok());
  CHECK(c.wallet == -60000);
  REQUIRE(apply_effects(c, topup, "t-2", day("2026-11-25")).is_ok());
  CHECK(c.wallet == 40000);
  CardEffects json_back = *effects_from_json(effects_to_json(spend_a));
  CHECK(json_back.wallet_delta == -80000);
  CHECK_FALSE(spend_a.empty());
}

TEST_CASE("a wallet past what can be counted is refused and the card is unchanged") {
  CardState c = card();
  c.wallet = std::numeric_limits<std::int64_t>::max() - 5;
  CardEffects e;
  e.card = c.number;
  e.wallet_delta = 10;
  e.purchases_delta = 1;
  Status s = apply_effects(c, e, "t-1", day("2026-11-24"));
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.field() == "wallet_delta");
  CHECK(c.purchases == 0);
  CHECK(c.wallet == std::numeric_limits<std::int64_t>::max() - 5);
}
