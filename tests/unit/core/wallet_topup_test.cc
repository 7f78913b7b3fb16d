// Tests of wallet top-ups (programs.md "wallet"): the top-up body's errors, the wallet_bonus
// document's fields, min_topup inclusive, bonus money rounded down to a kopeck, the bonus as
// points dated the top-up's day, gift cards, and the journal limits of a "topup" entry.
#include "core/wallet_topup.h"

#include "core/effects.h"
#include "core/entry_limits.h"
#include "core/program.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

const char* kBonus10 =
    R"({"id": "topup10", "name": "Бонус 10 %", "kind": "wallet_bonus", "percent": 10,
        "min_topup": 100000})";
const char* kBonusPoints =
    R"({"id": "topup-pts", "name": "Баллы за пополнение", "kind": "wallet_bonus", "percent": 5,
        "as": "points", "points": {"lifetime_days": 30}})";

TopupRequest request(Kopecks amount, const std::string& when = kWhen) {
  return {"t-1", "2000000000015", amount, at(when)};
}

Status validate_topup(const std::string& text) {
  return validate_program(doc(text));
}

}  // namespace

TEST_CASE("wallet_bonus: the document's fields, each error naming its field") {
  CHECK(validate_topup(kBonus10).is_ok());
  CHECK(validate_topup(kBonusPoints).is_ok());
  auto set = programs({kBonus10, kBonusPoints});
  CHECK(explain_program(*set.programs()[1], Locale::kEn) ==
        "topup10 (wallet_bonus): wallet top-ups from 1 000,00 ₽: bonus 10 % in wallet money");
  CHECK(explain_program(*set.programs()[0], Locale::kRu) ==
        "topup-pts (wallet_bonus): пополнение кошелька: бонус 5 % бонусами");
  auto field = [](const std::string& text) { return validate_topup(text).field(); };
  CHECK(field(R"({"id": "w", "name": "W", "kind": "wallet_bonus"})") == "percent");
  CHECK(field(R"({"id": "w", "name": "W", "kind": "wallet_bonus", "percent": 0})") == "percent");
  CHECK(field(R"({"id": "w", "name": "W", "kind": "wallet_bonus", "percent": 10,
                  "min_topup": -1})") == "min_topup");
  CHECK(field(R"({"id": "w", "name": "W", "kind": "wallet_bonus", "percent": 10,
                  "as": "gold"})") == "as");
  CHECK(field(R"({"id": "w", "name": "W", "kind": "wallet_bonus", "percent": 10,
                  "points": {"lifetime_days": 30}})") == "points");
  CHECK(field(R"({"id": "w", "name": "W", "kind": "wallet_bonus", "percent": 10,
                  "as": "points", "points": {"lifetime_days": -1}})") == "points.lifetime_days");
  CHECK(field(R"({"id": "w", "name": "W", "kind": "wallet_bonus", "percent": 10,
                  "scope": {"skus": ["A"]}})") == "scope");
  CHECK(field(R"({"id": "w", "name": "W", "kind": "wallet_bonus", "percent": 10,
                  "min_total": 5})") == "min_total");
  CHECK(field(R"({"id": "w", "name": "W", "kind": "wallet_bonus", "percent": 10,
                  "exclusive": true})") == "exclusive");
}

TEST_CASE("wallet_bonus: min_topup inclusive, bonus money rounded down to a kopeck") {
  auto set = programs({kBonus10});
  CardState c = card();
  c.wallet = 2500;

  auto below = topup(request(99999), c, set, moscow());
  CHECK(below.bonus == 0);
  CHECK(below.effects.wallet_delta == 99999);
  CHECK(below.response["program"].is_null());
  CHECK(below.response["wallet"]["balance"] == 102499);

  auto at_min = topup(request(100000), c, set, moscow());
  CHECK(at_min.bonus == 10000);
  CHECK(at_min.effects.wallet_delta == 110000);
  CHECK(at_min.response["program"] == "topup10");
  CHECK(at_min.response["wallet"]["balance"] == 112500);

  // 10 % of 1 000,09 ₽ is 100,009 ₽: the bonus is 100,00 ₽.
  auto odd = topup(request(100009), c, set, moscow());
  CHECK(odd.bonus == 10000);
  CHECK(odd.effects.wallet_delta == 110009);
  CHECK(odd.effects.new_lots.empty());
  CHECK(odd.response["amount"] == 100009);
  CHECK(odd.response["bonus"] == 10000);
  CHECK(odd.response["bonus_points"] == 0);
  // clang-format off
  CHECK(texts(odd.response, "receipt") ==
        std::vector<std::string>{"Кошелёк пополнен на 1 000,09 ₽, бонус 100,00 ₽. "
                                 "В кошельке 1 125,09 ₽."});
  // clang-format on
}

TEST_CASE("wallet_bonus as points: floor(amount × percent ÷ 100 ÷ point_value), dated the top-up") {
  auto set = programs({kBonusPoints});
  CardState c = card();
  // 5 % of 1 999,99 ₽ = 99,9995 ₽ = 99 points of 1 ₽.
  auto out = topup(request(199999), c, set, moscow());
  CHECK(out.bonus == 0);
  CHECK(out.bonus_points == 99);
  CHECK(out.effects.wallet_delta == 199999);
  REQUIRE(out.effects.new_lots.size() == 1);
  const PointLot& lot = out.effects.new_lots[0];
  CHECK(lot.remaining == 99);
  CHECK(lot.program == "topup-pts");
  CHECK(lot.earned_day == day("2027-03-10"));
  CHECK(lot.usable_from == day("2027-03-10"));
  CHECK(lot.last_day == day("2027-04-09"));
  CHECK(out.response["bonus_points"] == 99);
  CHECK(out.response["wallet"]["balance"] == 199999);
  CHECK(check_entry("topup", out.effects).is_ok());

  // Too small for one point: no lot, no program named.
  auto tiny = topup(request(1999), c, set, moscow());
  CHECK(tiny.bonus_points == 0);
  CHECK(tiny.effects.new_lots.empty());
  CHECK(tiny.response["program"].is_null());
}

TEST_CASE("wallet_bonus: the first active program in priority order; dates and audience") {
  const char* late = R"({"id": "a-spring", "name": "Весна", "kind": "wallet_bonus", "percent": 20,
                         "priority": 10, "valid": {"from": "2027-04-01"}})";
  const char* vip = R"({"id": "b-vip", "name": "VIP", "kind": "wallet_bonus", "percent": 15,
                        "priority": 20, "audience": {"groups": ["vip"]}})";
  auto set = programs({kBonus10, late, vip});
  CardState c = card();
  CHECK(topup(request(100000), c, set, moscow()).bonus == 10000);
  c.groups = {"vip"};
  CHECK(topup(request(100000), c, set, moscow()).bonus == 15000);
  CHECK(topup(request(100000, "2027-04-01T10:00:00+03:00"), c, set, moscow()).bonus == 20000);
}

TEST_CASE("gift card: only a money bonus for anyone") {
  const char* anyone = R"({"id": "gift-bonus", "name": "Подарок", "kind": "wallet_bonus",
                           "percent": 5, "priority": 200, "audience": {"anyone": true}})";
  CardState gift = card();
  gift.type = CardType::kGift;
  CHECK(topup(request(100000), gift, programs({kBonus10, kBonusPoints}), moscow()).bonus == 0);
  auto out = topup(request(100000), gift, programs({kBonus10, anyone}), moscow());
  CHECK(out.bonus == 5000);
  CHECK(out.effects.wallet_delta == 105000);
}

TEST_CASE("top-up body: every error names its field") {
  auto field = [](const std::string& text) {
    auto r = parse_topup_request(doc(text), at(kWhen));
    return r ? std::string("ok") : r.status().field();
  };
  CHECK(field(R"({"topup_id": "t", "card": "2000000000015", "amount": 100})") == "ok");
  CHECK(field(R"({"card": "2000000000015", "amount": 100})") == "topup_id");
  CHECK(field(R"({"topup_id": "", "card": "2000000000015", "amount": 100})") == "topup_id");
  CHECK(field(R"({"topup_id": "t", "amount": 100})") == "card");
  CHECK(field(R"({"topup_id": "t", "card": "12", "amount": 100})") == "card");
  CHECK(field(R"({"topup_id": "t", "card": "2000000000015"})") == "amount");
  CHECK(field(R"({"topup_id": "t", "card": "2000000000015", "amount": 0})") == "amount");
  CHECK(field(R"({"topup_id": "t", "card": "2000000000015", "amount": -5})") == "amount");
  CHECK(field(R"({"topup_id": "t", "card": "2000000000015", "amount": 1.5})") == "amount");
  CHECK(field(R"({"topup_id": "t", "card": "2000000000015", "amount": 10000000000001})") ==
        "amount");
  CHECK(field(R"({"topup_id": "t", "card": "2000000000015", "amount": 1, "at": "x"})") == "at");
  CHECK(field(R"({"topup_id": "t", "card": "2000000000015", "amount": 1, "pay": 1})") == "pay");
  auto r = parse_topup_request(doc(R"({"topup_id": "t", "card": "2000000000015", "amount": 100,
              "at": "2027-03-11T09:00:00+03:00"})"),
                               at(kWhen));
  REQUIRE(r.ok());
  CHECK(r->at == at("2027-03-11T09:00:00+03:00"));
}

TEST_CASE("topup entries: money in, one wallet_bonus lot at most, nothing else") {
  CardEffects e;
  e.card = "2000000000015";
  e.wallet_delta = 110000;
  CHECK(is_entry_kind("topup"));
  CHECK(check_entry("topup", e).is_ok());
  CardEffects none = e;
  none.wallet_delta = 0;
  CHECK(check_entry("topup", none).field() == "effects.wallet_delta");
  CardEffects out = e;
  out.wallet_delta = -1;
  CHECK(check_entry("topup", out).field() == "effects.wallet_delta");
  CardEffects no_card = e;
  no_card.card.clear();
  CHECK(check_entry("topup", no_card).field() == "effects.card");
  CardEffects spent = e;
  spent.spent_delta = 100;
  CHECK(check_entry("topup", spent).field() == "effects.spent_delta");
  CardEffects manual_lot = e;
  manual_lot.new_lots.push_back(lot("0", "", 50));
  CHECK(check_entry("topup", manual_lot).field() == "effects.new_lots");
  CardEffects draw = e;
  draw.draws.push_back({"r:1/0", 5});
  CHECK(check_entry("topup", draw).field() == "effects.draws");
}

TEST_CASE("a top-up applied: the wallet grows by amount and bonus") {
  auto set = programs({kBonus10});
  CardState c = card();
  c.wallet = -3000;  // an offline double spend: the top-up repays it first
  auto out = topup(request(150000), c, set, moscow());
  REQUIRE(apply_effects(c, out.effects, "r:7", day("2027-03-10")).is_ok());
  CHECK(c.wallet == 162000);
  CHECK(out.response["wallet"]["balance"] == 162000);
}
