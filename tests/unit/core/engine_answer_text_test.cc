// Tests of the calculate answer written as text (core/engine_answer.cc): for generated
// receipts over every kind of program, with and without a card, coupons, vouchers, a
// referral, the wallet, a gift card, both languages and names that need escaping, the text is
// byte for byte the dump of the tree the engine built before (engine_answer_reference.h).
// A confirm stores this text and replays it, and its journal detail goes to head office.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "core/sale_record.h"
#include "engine_answer_reference.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

ProgramSet every_kind() {
  return programs({
      R"({"id": "card5", "name": "Карта \"Друг\"", "kind": "discount", "percent": 5,
          "max_discount": 20000})",
      R"({"id": "scale", "name": "Накопительная", "kind": "discount_scale",
          "levels": [{"from_spent": 1000000, "percent": 3}, {"from_spent": 3000000, "percent": 7.25}]})",
      R"({"id": "cosm", "name": "Косметика\tвсё", "kind": "discount", "percent": 12.5, "stack": true,
          "audience": {"anyone": true}, "scope": {"categories": ["cosmetics"]}})",
      R"({"id": "minus", "name": "−150 ₽", "kind": "discount", "amount": 15000, "min_total": 200000,
          "audience": {"anyone": true}})",
      R"({"id": "thr", "name": "Порог", "kind": "threshold", "min_total": 300000, "percent": 4})",
      R"({"id": "vol", "name": "Объём", "kind": "volume", "min_qty": 5, "percent": 9,
          "scope": {"categories": ["food"]}})",
      R"({"id": "two-one", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1, "max_discount": 100000,
          "audience": {"anyone": true}, "scope": {"categories": ["cosmetics"]}})",
      R"({"id": "food-cut", "name": "Еда + стрижка", "kind": "bundle", "buy": 1, "get": 1,
          "percent": 50, "audience": {"anyone": true}, "scope": {"categories": ["food"]},
          "get_scope": {"categories": ["haircut"]}})",
      R"({"id": "big", "name": "Большой чек", "kind": "threshold", "min_total": 1500000,
          "percent": 15, "exclusive": true})",
      R"({"id": "m300", "name": "−300 ₽", "kind": "coupon", "codes": ["M300"], "amount": 30000,
          "audience": {"anyone": true}, "scope": {"categories": ["food"]}})",
      R"({"id": "p10", "name": "10 %", "kind": "coupon", "codes": ["P10"], "percent": 10,
          "stack": true, "max_discount": 5000, "audience": {"anyone": true}})",
      R"({"id": "visits", "name": "3 визита", "kind": "visits", "count": 3, "within_days": 60,
          "reward": {"percent": 20}, "scope": {"categories": ["haircut"]}})",
      R"({"id": "next", "name": "Следующая покупка", "kind": "next_purchase", "min_total": 300000,
          "reward": {"percent": 10}, "valid_days": 30})",
      R"({"id": "cash", "name": "Кешбэк", "kind": "bonus", "levels": [{"from_spent": 0, "percent": 3},
          {"from_spent": 2000000, "percent": 7.5}], "points": {"lifetime_days": 90,
          "max_redeem_percent": 30}})",
      R"({"id": "per-unit", "name": "За штуку", "kind": "bonus", "points_per_unit": 3,
          "min_total": 50000, "scope": {"categories": ["food"]}})",
      R"({"id": "friend", "name": "Приведи друга", "kind": "referral", "referrer_points": 500,
          "referee_points": 300, "min_total": 100000, "audience": {"anyone": true},
          "points": {"lifetime_days": 30}})",
  });
}

const std::vector<std::string> kCodes = {"M300", "P10", "NOPE", "m300", "\xff\xfe"};
const std::vector<std::string> kCategories = {"cosmetics", "food", "haircut", "tobacco"};
const std::vector<std::string> kReceiptIds = {"R-1", "чек \"7\"", "back\\slash", "cut \xd0"};

std::string reference_text(const ReceiptRequest& req, const ReceiptSteps& s, const CardEffects& fx,
                           const Settings& settings) {
  return reference::reference_answer(req, s, fx, settings)
      .dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("the calculate answer as text is byte for byte the dump of the answer's tree") {
  const ProgramSet set = every_kind();
  std::mt19937_64 rng(2026);
  auto below = [&](std::uint64_t n) { return static_cast<std::int64_t>(rng() % n); };
  int with_card = 0, with_wallet = 0, with_referral = 0, with_not_applied = 0;
  for (int round = 0; round < 2000; ++round) {
    CardState c = card(below(5000000));
    c.lots = {lot("a/0", "cash", below(3000), "2027-01-01"), lot("b/0", "", below(200))};
    c.wallet = below(3000000) - 200000;
    c.visit_days = {day("2026-10-01"), day("2026-11-01")};
    if (below(4) == 0) c.referral = Referral{"2000000000022", false, ""};
    if (below(8) == 0)
      c.vouchers.push_back(Voucher{"v", "next", day("2026-11-01"), day("2026-12-01")});
    if (below(10) == 0) c.status = CardStatus::kBlocked;
    if (below(10) == 0) c.type = CardType::kGift;

    std::vector<ReceiptLine> lines;
    const int n = 1 + static_cast<int>(below(12));
    for (int i = 1; i <= n; ++i)
      lines.push_back(line(i, "S" + std::to_string(below(10)),
                           kCategories[static_cast<std::size_t>(below(4))], 1 + below(5000),
                           below(500000)));
    ReceiptRequest r = receipt("2026-11-24T12:00:00+03:00", lines);
    r.receipt_id = kReceiptIds[static_cast<std::size_t>(below(4))];
    for (const auto& code : kCodes)
      if (below(3) == 0) r.coupons.push_back(code);
    r.redeem = below(2) ? RedeemRequest{RedeemRequest::Kind::kMax, 0}
                        : RedeemRequest{RedeemRequest::Kind::kPoints, below(500)};
    r.pay_from_wallet = below(3) == 0 ? WalletRequest{WalletRequest::Kind::kMax, 0}
                                      : WalletRequest{WalletRequest::Kind::kAmount, below(1000000)};
    const bool no_card = below(6) == 0;
    if (no_card) r.card.reset();
    Settings settings = moscow();
    if (below(3) == 0) settings.locale = Locale::kEn;

    CardState reckoned;
    const ReceiptSteps s = receipt_steps(r, no_card ? nullptr : &c, set, {}, settings, reckoned);
    SaleRecord sale;
    const CardEffects fx = confirm_effects(r, s, set, sale);
    const std::string text = calc_response(r, s, fx, settings);
    REQUIRE(text == reference_text(r, s, fx, settings));
    // calculate() answers with the same text.
    CHECK(calculate(r, no_card ? nullptr : &c, set, {}, settings).response == text);

    with_card += s.ctx.card != nullptr;
    with_wallet += s.wallet.card != nullptr;
    with_referral += s.referral != nullptr;
    with_not_applied += !s.not_applied.empty();
  }
  // The generator reaches every branch of the answer.
  CHECK(with_card > 500);
  CHECK(with_wallet > 500);
  CHECK(with_referral > 50);
  CHECK(with_not_applied > 50);
}
