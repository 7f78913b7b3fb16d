// Tests of the journal entry limits head office checks pushed entries against, and of
// apply_effects' checked arithmetic (an overflow is refused and changes nothing).
#include "core/entry_limits.h"

#include <limits>

#include "core/card_points.h"
#include "core/card_state_text.h"
#include "core/referral.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

constexpr std::int64_t kHuge = std::numeric_limits<std::int64_t>::max();

CardEffects gift(std::int64_t points) {
  CardEffects e;
  e.card = "2000000000015";
  e.new_lots = {lot("0", "", points)};
  return e;
}

}  // namespace

TEST_CASE("an adjustment is a whole number of points within ±10^9, not 0") {
  CHECK(check_adjust_points(1'000'000'000).is_ok());
  CHECK(check_adjust_points(-1'000'000'000).is_ok());
  CHECK(check_adjust_points(0).field() == "points");
  CHECK(check_adjust_points(1'000'000'001).field() == "points");
  CHECK(check_adjust_points(-1'000'000'001).field() == "points");
  CHECK(check_lifetime_days(36600).is_ok());
  CHECK(check_lifetime_days(36601).field() == "lifetime_days");
  CHECK(check_lifetime_days(-1).field() == "lifetime_days");
}

TEST_CASE("entry kinds are those a register journals") {
  for (const char* kind : {"receipt", "refund", "cancel", "adjust", "birthday"})
    CHECK(check_entry(kind, gift(1)).is_ok());
  CHECK(check_entry("bogus", gift(1)).field() == "kind");
  CHECK(check_entry("", gift(1)).field() == "kind");
}

TEST_CASE("entry bounds: an adjustment moves at most 10^9 points, any entry at most 10^16") {
  CHECK(check_entry("adjust", gift(1'000'000'000)).is_ok());
  CHECK(check_entry("adjust", gift(1'000'000'001)).field() == "effects.new_lots[0].points");
  CHECK(check_entry("adjust", gift(kHuge)).field() == "effects.new_lots[0].points");
  CHECK(check_entry("receipt", gift(kMaxEntryAmount)).is_ok());
  CHECK(check_entry("receipt", gift(kMaxEntryAmount + 1)).field() == "effects.new_lots[0].points");
  // Together, not only each: two lots that add up past the bound.
  CardEffects two = gift(600'000'000);
  two.new_lots.push_back(lot("1", "", 600'000'000));
  CHECK(check_entry("adjust", two).field() == "effects.new_lots[1].points");
  CardEffects draws;
  draws.card = "2000000000015";
  draws.draws = {{"a/0", kHuge}, {"a/1", kHuge}};
  CHECK(check_entry("refund", draws).field() == "effects.draws[0].points");
}

TEST_CASE("entry signs: receipts add, refunds take back, adjustments move points only") {
  CardEffects sale;
  sale.card = "2000000000015";
  sale.spent_delta = 1000;
  sale.purchases_delta = 1;
  CHECK(check_entry("receipt", sale).is_ok());
  CHECK(check_entry("refund", sale).field() == "effects.spent_delta");
  CHECK(check_entry("adjust", sale).field() == "effects.spent_delta");
  sale.spent_delta = -1000;
  CHECK(check_entry("receipt", sale).field() == "effects.spent_delta");
  sale.spent_delta = 0;
  sale.purchases_delta = 2;
  CHECK(check_entry("receipt", sale).field() == "effects.purchases_delta");
  CardEffects coupon_on_adjust = gift(5);
  coupon_on_adjust.coupon_programs = {"spring"};
  CHECK_FALSE(check_entry("adjust", coupon_on_adjust).is_ok());
  CardEffects no_card = gift(5);
  no_card.card.clear();
  CHECK(check_entry("receipt", no_card).field() == "effects.card");
  no_card.card = "12-34";
  CHECK(check_entry("receipt", no_card).field() == "effects.card");
}

TEST_CASE("apply_effects refuses an overflow and leaves the card as it was") {
  CardState c = card();
  c.lots = {lot("a/0", "", kHuge - 20), lot("b/0", "", 10)};
  const CardState before = c;
  // The draw would apply first; the lot after it overflows the sum, so neither happens.
  CardEffects e = gift(100);
  e.draws = {{"b/0", 10}};
  Status s = apply_effects(c, e, "r-1:2", day("2026-11-24"));
  CHECK(s.code() == Code::kInvalid);
  CHECK(s.field() == "new_lots");
  CHECK(c.lots.size() == before.lots.size());
  CHECK(c.lots[1].remaining == 10);
  CHECK(summarize_points(c, day("2026-11-24")).balance == kHuge - 10);

  CardState rich = card(kHuge - 1);
  CardEffects sale;
  sale.card = rich.number;
  sale.spent_delta = 2;
  CHECK(apply_effects(rich, sale, "r-1:3", day("2026-11-24")).field() == "spent_delta");
  CHECK(rich.spent == kHuge - 1);

  CardState owing = card();
  owing.debt = kHuge - 1;
  CardEffects spend;
  spend.card = owing.number;
  spend.draws = {{"", 2}};
  CHECK(apply_effects(owing, spend, "r-1:4", day("2026-11-24")).field() == "draws");
  CHECK(owing.debt == kHuge - 1);
  spend.draws = {{"", 1}};
  CHECK(apply_effects(owing, spend, "r-1:5", day("2026-11-24")).is_ok());
  CHECK(owing.debt == kHuge);
}

TEST_CASE("an entry names no bank card, grants a bounded number of lots, counts a coupon once") {
  // A pushed entry on a bank card's number was kept and sent to every register.
  CardEffects bank = gift(1);
  bank.card = "4111111111111111";
  Status s = check_entry("receipt", bank);
  CHECK(s.field() == "effects.card");
  CHECK(s.message().find("4111") == std::string::npos);
  CardEffects referred = gift(1);
  referred.referral = ReferralEffects{};
  referred.referral->referrer = "5555555555554444";
  CHECK(check_entry("receipt", referred).field() == "effects.referral.referrer");
  // 30 000 lots of a point each made a 4 MB card that slowed every push behind it.
  CardEffects many = gift(1);
  many.new_lots.clear();
  for (std::size_t i = 0; i <= kMaxEntryLots; ++i)
    many.new_lots.push_back(lot(std::to_string(i), "", 1));
  CHECK(check_entry("receipt", many).field() == "effects.new_lots");
  many.new_lots.pop_back();
  CHECK(check_entry("receipt", many).is_ok());
  // An adjustment is one lot: fifty of a thousand lots each filled a card to its cap.
  CHECK(check_entry("adjust", many).field() == "effects.new_lots");
  many.new_lots.resize(1);
  CHECK(check_entry("adjust", many).is_ok());
  // One receipt naming a coupon 5 000 times used up the chain's campaign.
  CardEffects coupon = gift(1);
  coupon.coupon_programs = {"spring", "autumn", "spring"};
  CHECK(check_entry("receipt", coupon).field() == "effects.coupon_programs");
  coupon.coupon_programs = {"spring", "autumn"};
  CHECK(check_entry("receipt", coupon).is_ok());
  coupon.coupon_programs_returned = {"spring", "spring"};
  CHECK(check_entry("refund", coupon).field() == "effects.coupon_programs_returned");
}

TEST_CASE("an entry's identifiers are at most 128 bytes: a register's own are far shorter") {
  CardEffects ok = gift(10);
  ok.new_lots[0].id = std::string(kMaxEffectIdBytes, '1');
  ok.new_lots[0].program = std::string(kMaxEffectIdBytes, 'p');
  CHECK(check_entry("receipt", ok).is_ok());

  CardEffects long_lot = ok;
  long_lot.new_lots[0].id += "1";
  CHECK(check_entry("receipt", long_lot).field() == "effects.new_lots[0]");
  CardEffects long_program = ok;
  long_program.new_lots[0].program += "p";
  CHECK(check_entry("receipt", long_program).field() == "effects.new_lots[0]");

  CardEffects draw = gift(10);
  draw.draws = {LotDraw{"r-1:1/0", 5}, LotDraw{std::string(4 << 20, 'A'), 1}};
  CHECK(check_entry("receipt", draw).field() == "effects.draws[1]");
  CardEffects coupon = gift(10);
  coupon.coupon_programs = {std::string(kMaxEffectIdBytes + 1, 'c')};
  CHECK(check_entry("receipt", coupon).field() == "effects.coupon_programs");
  CardEffects visit = gift(10);
  visit.visit_rewards = {{std::string(kMaxEffectIdBytes + 1, 'v'), day("2026-11-24")}};
  CHECK(check_entry("receipt", visit).field() == "effects.visit_rewards");
  CardEffects voucher = gift(10);
  voucher.vouchers_issued = {Voucher{"v", std::string(kMaxEffectIdBytes + 1, 'n'), 1, 2}};
  CHECK(check_entry("receipt", voucher).field() == "effects.vouchers_issued");
  CardEffects used = gift(10);
  used.vouchers_used = {std::string(kMaxEffectIdBytes + 1, 'u')};
  CHECK(check_entry("receipt", used).field() == "effects.vouchers_used");
  CardEffects birthday = gift(10);
  birthday.birthday_grants = {{std::string(kMaxEffectIdBytes + 1, 'b'), 2026}};
  CHECK(check_entry("birthday", birthday).field() == "effects.birthday_grants");
}

TEST_CASE("an entry carries at most 1 000 of each list the card keeps") {
  CardEffects coupons = gift(10);
  for (int i = 0; i < 1000; ++i) coupons.coupon_programs.push_back("c" + std::to_string(i));
  CHECK(check_entry("receipt", coupons).is_ok());
  coupons.coupon_programs.push_back("c1000");
  CHECK(check_entry("receipt", coupons).field() == "effects.coupon_programs");
  CardEffects vouchers = gift(10);
  vouchers.vouchers_issued.assign(1001, Voucher{"v", "next", 1, 2});
  CHECK(check_entry("receipt", vouchers).field() == "effects.vouchers_issued");
  CardEffects visits = gift(10);
  for (int i = 0; i <= 1000; ++i)
    visits.visit_rewards.emplace_back("v" + std::to_string(i), day("2026-11-24"));
  CHECK(check_entry("receipt", visits).field() == "effects.visit_rewards");
}

TEST_CASE("an entry that would take its card past 50 000 items is refused, the card as it was") {
  const Day today = day("2026-11-24");
  CardState c = card();
  // Lots that do not fold together (each of another program) and remembered coupons.
  for (std::size_t i = 0; i < kMaxCardItems - 11; ++i)
    c.lots.push_back(lot("r-1:" + std::to_string(i) + "/0", "p" + std::to_string(i), 1));
  for (int i = 0; i < 10; ++i) c.coupon_uses["coupon" + std::to_string(i)] = 1;
  REQUIRE(card_items(c) == kMaxCardItems - 1);

  CardEffects one = gift(1);
  one.new_lots[0].program = "last";
  CHECK(apply_entry(c, nullptr, one, "r-2:1", today).is_ok());
  REQUIRE(card_items(c) == kMaxCardItems);

  const std::string before = card_state_text(c);
  CardEffects coupon;
  coupon.card = c.number;
  coupon.coupon_programs = {"one-more"};
  Status refused = apply_entry(c, nullptr, coupon, "r-2:2", today);
  CHECK(refused.field() == "card");
  CHECK(refused.message().find("50000") != std::string::npos);
  CHECK(card_state_text(c) == before);

  // What folds into a lot the card holds, or takes from one, still applies at the bound.
  CardEffects same_kind = gift(5);
  same_kind.new_lots[0] = lot("0", "last", 5);
  CHECK(apply_entry(c, nullptr, same_kind, "r-2:4", today).is_ok());
  CHECK(card_items(c) == kMaxCardItems);
  CardEffects draw;
  draw.card = c.number;
  draw.draws = {LotDraw{"r-1:0/0", 1}};
  CHECK(apply_entry(c, nullptr, draw, "r-2:3", today).is_ok());
  CHECK(card_items(c) == kMaxCardItems - 1);  // the empty lot left the card
}
