// Tests of paying from a card's wallet (programs.md "wallet", "v2 answers and edge rules"):
// the request lowered to the balance and to what is left after points, "max", the spread
// over every line (no-loyalty ones too), points on wallet money, refunds in proportion, a
// gift card getting no card programs, and the offline wallet limit.
#include "core/effects.h"
#include "core/engine.h"
#include "core/entry_limits.h"
#include "core/receipt_request.h"
#include "core/sale_record.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

const char* kCard10 = R"({"id": "card10", "name": "Карта", "kind": "discount", "percent": 10})";
const char* kCashback5 =
    R"({"id": "cash", "name": "Кешбэк", "kind": "bonus", "percent": 5,
        "points": {"max_redeem_percent": 100}})";
const char* kPromo5 = R"({"id": "promo", "name": "Акция", "kind": "discount", "percent": 5,
                          "audience": {"anyone": true}})";

CardState wallet_card(Kopecks wallet) {
  CardState c = card();
  c.wallet = wallet;
  return c;
}

// 1000 ₽ of food and 500 ₽ of tobacco (no loyalty).
std::vector<ReceiptLine> food_and_tobacco() {
  return {line(1, "F", "food", 1000, 100000), line(2, "T", "tobacco", 1000, 50000)};
}

ReceiptRequest paying(WalletRequest ask, std::vector<ReceiptLine> lines = food_and_tobacco()) {
  auto req = receipt(kWhen, std::move(lines));
  req.pay_from_wallet = ask;
  return req;
}

WalletRequest kopecks(Kopecks n) {
  return {WalletRequest::Kind::kAmount, n};
}
const WalletRequest kMax{WalletRequest::Kind::kMax, 0};

std::vector<Kopecks> wallet_lines(const Json& response) {
  std::vector<Kopecks> out;
  for (const auto& l : response["lines"]) out.push_back(l["paid_from_wallet"].get<Kopecks>());
  return out;
}

}  // namespace

TEST_CASE("wallet: a request above the balance is lowered to it, spread over every line") {
  auto set = programs({kCard10, kCashback5});
  CardState c = wallet_card(60000);
  auto out = calculate(paying(kopecks(100000)), &c, set, {}, moscow());
  const Json r = answer(out);
  // 10 % off the food: 90000 + 50000 left to pay; 60000 from the wallet, the tobacco too.
  CHECK(r["total"] == 140000);
  CHECK(r["paid_from_wallet"] == 60000);
  CHECK(wallet_lines(r) == std::vector<Kopecks>{38571, 21429});
  CHECK(r["lines"][0]["amount"] == 90000);
  CHECK(r["lines"][1]["amount"] == 50000);
  // Wallet money is money: 5 % of the 90000 paid for the food.
  CHECK(r["points_accrued"] == 45);
  CHECK(r["wallet_balance_after"] == 0);
  CHECK(r["wallet_pay_max"] == 60000);
  CHECK(out.effects.wallet_delta == -60000);
  CHECK(out.effects.card == "2000000000015");
  CHECK(out.sale->paid_from_wallet == 60000);
  CHECK(out.sale->wallet_card == "2000000000015");
  CHECK(out.sale->lines[1].paid_from_wallet == 21429);
  CHECK(texts(r, "receipt").back() ==
        "С кошелька оплачено 600,00 ₽. Остаток 0,00 ₽.");
}

TEST_CASE("wallet: \"max\" pays what is left to pay, and no more than asked otherwise") {
  auto set = programs({kCard10, kCashback5});
  CardState rich = wallet_card(1000000);
  auto all = answer(calculate(paying(kMax), &rich, set, {}, moscow()));
  CHECK(all["paid_from_wallet"] == 140000);
  CHECK(wallet_lines(all) == std::vector<Kopecks>{90000, 50000});
  CHECK(all["wallet_balance_after"] == 860000);
  CHECK(all["points_accrued"] == 45);
  auto some = answer(calculate(paying(kopecks(1)), &rich, set, {}, moscow()));
  CHECK(some["paid_from_wallet"] == 1);
  CHECK(wallet_lines(some) == std::vector<Kopecks>{1, 0});
  auto none = calculate(paying({}), &rich, set, {}, moscow());
  CHECK(answer(none)["paid_from_wallet"] == 0);
  CHECK(wallet_lines(answer(none)) == std::vector<Kopecks>{0, 0});
  CHECK(answer(none)["wallet_pay_max"] == 140000);
  CHECK(none.effects.wallet_delta == 0);
}

TEST_CASE("wallet: the spread is over what is left after points") {
  auto set = programs({kCard10, kCashback5});
  CardState c = wallet_card(13000);
  c.lots = {lot("r:1/0", "cash", 100)};
  auto req = paying(kMax);
  req.redeem = {RedeemRequest::Kind::kPoints, 100};
  auto r = answer(calculate(req, &c, set, {}, moscow()));
  CHECK(r["paid_with_points"] == 10000);
  CHECK(r["paid_from_wallet"] == 13000);
  // 80000 + 50000 left after points.
  CHECK(wallet_lines(r) == std::vector<Kopecks>{8000, 5000});
  CHECK(r["total"] == 130000);
  CHECK(r["points_accrued"] == 40);
}

TEST_CASE("wallet: a negative balance pays nothing; a blocked card pays nothing") {
  auto set = programs({kCard10});
  CardState owing = wallet_card(-5000);
  auto out = calculate(paying(kMax), &owing, set, {}, moscow());
  CHECK(answer(out)["paid_from_wallet"] == 0);
  CHECK(answer(out)["wallet_pay_max"] == 0);
  CHECK(answer(out)["wallet_balance_after"] == -5000);
  CHECK(out.effects.wallet_delta == 0);
  CardState blocked = wallet_card(100000);
  blocked.status = CardStatus::kBlocked;
  auto b = calculate(paying(kMax), &blocked, set, {}, moscow());
  CHECK(answer(b)["paid_from_wallet"] == 0);
  CHECK(b.effects.wallet_delta == 0);
  CHECK_FALSE(answer(b).contains("wallet_balance_after"));
}

TEST_CASE("wallet: the offline limit lowers the payment, and the cashier is told") {
  auto set = programs({kCard10});
  CardState c = wallet_card(60000);
  Counters offline;
  offline.wallet_offline_left = 30000;
  auto out = calculate(paying(kopecks(50000)), &c, set, offline, moscow());
  CHECK(answer(out)["paid_from_wallet"] == 30000);
  CHECK(answer(out)["wallet_pay_max"] == 30000);
  CHECK(out.effects.wallet_delta == -30000);
  CHECK(texts(answer(out), "cashier") ==
        std::vector<std::string>{"Нет связи с офисом: с кошелька можно оплатить не больше 300,00 "
                                 "₽ до "
                                 "синхронизации кассы."});
  // Within the limit nothing is said; a limit used up pays nothing.
  auto within = calculate(paying(kopecks(30000)), &c, set, offline, moscow());
  CHECK(answer(within)["paid_from_wallet"] == 30000);
  CHECK(texts(answer(within), "cashier").empty());
  offline.wallet_offline_left = 0;
  auto used_up = calculate(paying(kMax), &c, set, offline, moscow());
  CHECK(answer(used_up)["paid_from_wallet"] == 0);
  CHECK(texts(answer(used_up), "cashier").size() == 1);
}

TEST_CASE("wallet: refunds give back in proportion; the last gives back the rest") {
  auto set = programs({});
  CardState c = wallet_card(100000);
  auto req = paying(kopecks(10001),
                    {line(1, "A", "food", 3000, 10000), line(2, "B", "food", 1000, 10000)});
  auto sale = calculate(req, &c, set, {}, moscow());
  CHECK(wallet_lines(answer(sale)) == std::vector<Kopecks>{7501, 2500});
  RefundRequest one{"F-1", at(kWhen), std::vector<RefundLine>{{1, Quantity{1000}}}};
  auto first = refund(*sale.sale, "reg:1", {}, one, &c, moscow());
  REQUIRE(first.ok());
  CHECK(first->response["wallet_returned"] == 2500);  // round-half-up(7501 × 1/3)
  CHECK(first->response["money_returned"] == 10000);
  CHECK(first->effects.wallet_delta == 2500);
  CHECK(texts(first->response, "receipt").back() ==
        "В кошелёк возвращено 25,00 ₽.");
  auto second = refund(*sale.sale, "reg:1", first->after, one, &c, moscow());
  REQUIRE(second.ok());
  CHECK(second->response["wallet_returned"] == 2501);  // 5001 in all
  auto rest =
      refund(*sale.sale, "reg:1", second->after, RefundRequest{"F-3", at(kWhen), {}}, &c, moscow());
  REQUIRE(rest.ok());
  CHECK(rest->response["wallet_returned"] == 5000);
  CHECK(rest->after.wallet_returned == 10001);
  // A cancellation gives back everything at once.
  auto cancel = refund(*sale.sale, "reg:1", {}, RefundRequest{}, &c, moscow());
  REQUIRE(cancel.ok());
  CHECK(cancel->effects.wallet_delta == 10001);
  CHECK(cancel->response["wallet_returned"] == 10001);
}

TEST_CASE("wallet: the sale and refund state keep the wallet through JSON") {
  auto set = programs({});
  CardState c = wallet_card(100000);
  auto sale = calculate(paying(kopecks(10001)), &c, set, {}, moscow());
  auto back = sale_from_json(sale_to_json(*sale.sale));
  REQUIRE(back.ok());
  CHECK((*back)->paid_from_wallet == 10001);
  CHECK((*back)->wallet_card == "2000000000015");
  CHECK((*back)->lines[0].paid_from_wallet == 6667);
  RefundState state;
  state.wallet_returned = 77;
  auto state_back = refund_state_from_json(refund_state_to_json(state));
  REQUIRE(state_back.ok());
  CHECK(state_back->wallet_returned == 77);
}

TEST_CASE("wallet: a gift card gets no card programs, promotions for anyone still apply") {
  auto set = programs({kCard10, kCashback5, kPromo5});
  CardState gift = wallet_card(100000);
  gift.type = CardType::kGift;
  gift.lots = {lot("r:1/0", "cash", 100)};
  auto req = paying(kMax, {line(1, "F", "food", 1000, 100000)});
  req.redeem = {RedeemRequest::Kind::kMax, 0};
  auto out = calculate(req, &gift, set, {}, moscow());
  const Json r = answer(out);
  CHECK(r["loyalty"] == "applied");
  CHECK(r["discount"] == 5000);  // the promotion only, not the card's 10 %
  CHECK(r["points_redeemed"] == 0);
  CHECK(r["points_accrued"] == 0);
  CHECK(r["points_redeem_max"] == 0);
  CHECK(r["points_balance_after"].is_null());
  CHECK(r["paid_from_wallet"] == 95000);
  CHECK(r["wallet_balance_after"] == 5000);
  CHECK(out.effects.card == "2000000000015");
  CHECK(out.effects.wallet_delta == -95000);
  CHECK(out.effects.spent_delta == 0);
  CHECK(out.effects.purchases_delta == 0);
  CHECK(out.effects.new_lots.empty());
  CHECK_FALSE(out.effects.visit_day);
  CHECK(out.sale->card.empty());
  auto back = refund(*out.sale, "reg:1", {}, RefundRequest{}, nullptr, moscow());
  REQUIRE(back.ok());
  CHECK(back->effects.card == "2000000000015");
  CHECK(back->effects.wallet_delta == 95000);
  CHECK(back->effects.spent_delta == 0);
  CHECK(back->effects.purchases_delta == 0);
  CHECK(check_entry("receipt", out.effects).is_ok());
  CHECK(check_entry("refund", back->effects).is_ok());
}

TEST_CASE("wallet: journal entries move the wallet the right way only") {
  CardEffects pay;
  pay.card = "2000000000015";
  pay.wallet_delta = -100;
  CHECK(check_entry("receipt", pay).is_ok());
  CHECK(check_entry("refund", pay).field() == "effects.wallet_delta");
  CHECK(check_entry("adjust", pay).field() == "effects.wallet_delta");
  CardEffects back = pay;
  back.wallet_delta = 100;
  CHECK(check_entry("cancel", back).is_ok());
  CHECK(check_entry("receipt", back).field() == "effects.wallet_delta");
  back.wallet_delta = kMaxEntryAmount + 1;
  CHECK(check_entry("refund", back).field() == "effects.wallet_delta");
  CardEffects nobody;
  nobody.wallet_delta = -1;
  CHECK(check_entry("receipt", nobody).field() == "effects.card");
}

TEST_CASE("wallet: pay_from_wallet in the request, each bad value naming the field") {
  auto parse = [](const std::string& value) {
    return parse_receipt_request(doc(R"({"receipt_id": "W", "pay_from_wallet": )" + value +
                                     R"(, "lines": [{"line": 1, "qty": 1, "price": 100}]})"),
                                 1'790'000'000);
  };
  auto max = parse(R"("max")");
  REQUIRE(max.ok());
  CHECK(max->pay_from_wallet.kind == WalletRequest::Kind::kMax);
  auto amount = parse("50000");
  REQUIRE(amount.ok());
  CHECK(amount->pay_from_wallet.kind == WalletRequest::Kind::kAmount);
  CHECK(amount->pay_from_wallet.amount == 50000);
  CHECK(parse("0")->pay_from_wallet.kind == WalletRequest::Kind::kNone);
  for (const char* bad : {"-1", "1.5", R"("all")", "10000000000001", "true", "[]"}) {
    auto r = parse(bad);
    CHECK_MESSAGE(r.status().field() == "pay_from_wallet", bad);
  }
}
