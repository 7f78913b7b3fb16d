// Tests of core/sale_record_text: the sale a confirm stores, written as text, is byte for
// byte the dump of sale_to_json's tree for any sale (wallet, referral, folded lots, strings
// that need escaping or are not UTF-8), and reads back as the same sale.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "core/json_exact.h"
#include "core/sale_record.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

const std::vector<std::string> kStrings = {
    "",       "R-1",      "2000000000015", "Покупатель", "quote \" in", "back\\slash",
    "tab\tx", "cut \xd0", "\xff",          "emoji 😀",    "spring",      "r-b0000117:i3-31/0"};

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(std::uint64_t seed) : rng(seed) {}
  int below(int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); }
  const std::string& str() { return kStrings[static_cast<std::size_t>(below(12))]; }
  std::int64_t num() {
    switch (below(4)) {
      case 0:
        return 0;
      case 1:
        return INT64_MAX - below(3);
      case 2:
        return -below(100000);
      default:
        return below(10000000);
    }
  }
  PointLot a_lot() {
    PointLot l;
    l.id = str();
    l.program = str();
    l.remaining = num();
    if (below(2)) l.last_day = 20000 + below(1000);
    return l;
  }
  SaleRecord sale() {
    SaleRecord s;
    s.receipt_id = str();
    s.card = str();
    s.at = num();
    for (int i = below(5); i > 0; --i) {
      SaleLine l{static_cast<std::int32_t>(below(200)), num(), num(), num(), num(), num(), 0};
      if (below(3) == 0) l.paid_from_wallet = num();
      s.lines.push_back(l);
    }
    s.points_accrued = num();
    for (int i = below(3); i > 0; --i) s.accrual_lots.push_back(num());
    for (int i = below(3); i > 0; --i) s.accrued.push_back(a_lot());
    for (int i = below(3); i > 0; --i) s.redeemed.push_back(a_lot());
    s.points_redeemed = num();
    for (int i = below(3); i > 0; --i) s.coupon_programs.push_back(str());
    s.counted_purchase = below(2);
    if (below(4) == 0) {
      ReferralEffects r;
      r.program = str();
      r.referrer = str();
      r.referee_points = num();
      r.referrer_points = num();
      r.earned_day = 20000;
      r.usable_from = 20001;
      if (below(2)) r.last_day = 20100;
      s.referral = r;
    }
    if (below(3) == 0) {
      s.wallet_card = str();
      s.paid_from_wallet = num();
    }
    return s;
  }
};

std::string tree_text(const SaleRecord& s) {
  return sale_to_json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("a sale's text is the dump of its tree") {
  CHECK(sale_to_text(sample_sale()) == tree_text(sample_sale()));
  CHECK(sale_to_text(sample_sale()).starts_with(R"({"accrual_lots":[10,4],"at":0,"card":)"));
  Gen gen(20261203);
  for (int i = 0; i < 3000; ++i) {
    SaleRecord s = gen.sale();
    REQUIRE(sale_to_text(s) == tree_text(s));
  }
}

TEST_CASE("a sale's text reads back as the same sale") {
  SaleRecord s = sample_sale();
  s.lines[1].paid_from_wallet = 20000;
  s.wallet_card = "2000000000022";
  s.paid_from_wallet = 20000;
  s.accrued = {lot("E-1/0", "cashback", 10, "2027-06-01"), lot("E-1/1", "", 4)};
  ReferralEffects r;
  r.program = "friends";
  r.referrer = "2000000000039";
  r.referee_points = 300;
  r.referrer_points = 500;
  r.earned_day = day("2026-12-03");
  r.usable_from = day("2026-12-17");
  s.referral = r;
  auto back = sale_from_json(parse_json_exact(sale_to_text(s)).value());
  REQUIRE(back.ok());
  CHECK(sale_to_text(**back) == sale_to_text(s));
  CHECK((*back)->paid_from_wallet == 20000);
  CHECK((*back)->lines[1].paid_from_wallet == 20000);
  REQUIRE((*back)->accrued.size() == 2);
  CHECK((*back)->accrued[0].remaining == 10);
  REQUIRE((*back)->referral);
  CHECK((*back)->referral->referrer_points == 500);
}
