// Property test of the `referral` kind (programs.md "referral") over generated first
// purchases of a referred card, beside a bonus program and points redeemed: the reward is
// given exactly when the total before discounts reaches min_total, whatever the order of the
// lines; both cards move by exact sums; a partial refund keeps the reward; and a full refund
// (all at once, as a cancellation takes it, or in two parts) returns both cards to their
// state before the purchase. Fields that remember history legitimately differ, on the new
// card only: `referral.closed` stays true (only the first purchase counts, even refunded),
// `visit_days` keeps the day (the customer came), and points it redeemed come back in a
// lot of the refund's own id with the dates of the lot they left (compared by dates).
#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "core/card_points.h"
#include "core/card_state_json.h"
#include "core/referral.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

constexpr const char* kReferrer = "2000000000022";

ProgramSet referral_and_bonus() {
  return programs({
      R"({"id": "friend", "name": "Приведи друга", "kind": "referral", "referrer_points": 500,
          "referee_points": 300, "min_total": 100000, "audience": {"anyone": true},
          "points": {"lifetime_days": 30}})",
      R"({"id": "cash", "name": "Кешбэк", "kind": "bonus", "percent": 3,
          "points": {"lifetime_days": 90, "max_redeem_percent": 30}})",
  });
}

// The state a full refund must give back, less what remembers the purchase.
Json without_history(const CardState& card) {
  Json j = card_state_to_json(card);
  j.erase("visit_days");
  j.erase("lots");
  if (j.contains("referral")) j["referral"].erase("closed");
  return j;
}

// A card's points by the dates of their lots, whatever lot holds them.
std::map<std::tuple<std::string, Day, Day, std::optional<Day>>, std::int64_t> points_by_dates(
    const CardState& card) {
  std::map<std::tuple<std::string, Day, Day, std::optional<Day>>, std::int64_t> out;
  for (const auto& l : card.lots)
    if (l.remaining != 0) out[{l.program, l.earned_day, l.usable_from, l.last_day}] += l.remaining;
  return out;
}

std::int64_t balance(const CardState& card, Day today) {
  return summarize_points(card, today).balance;
}

}  // namespace

TEST_CASE("generated first purchases: the reward from min_total, exact on both cards, undone") {
  const auto set = referral_and_bonus();
  std::mt19937_64 rng(2028);
  const Day today = day("2027-03-10");
  const char* categories[] = {"food", "haircut", "cosmetics"};
  int rewarded = 0, partial = 0;
  for (int round = 0; round < 600; ++round) {
    CAPTURE(round);
    CardState referee = card(static_cast<Kopecks>(rng() % 200000));
    referee.referral = Referral{kReferrer, false, ""};
    referee.lots = {lot("a:1/0", "cash", static_cast<std::int64_t>(rng() % 400), "2027-06-01")};
    CardState referrer;
    referrer.number = kReferrer;
    referrer.lots = {
        lot("b:1/0", "cash", 1 + static_cast<std::int64_t>(rng() % 1000), "2027-05-01")};

    // Totals around min_total (1 000 ₽): most reach it, dozens do not.
    std::vector<ReceiptLine> lines;
    const int n = 1 + static_cast<int>(rng() % 6);
    for (int i = 1; i <= n; ++i)
      lines.push_back(line(i, "S" + std::to_string(i), categories[rng() % 3],
                           static_cast<std::int64_t>(1000 * (1 + rng() % 3)),
                           static_cast<Kopecks>(rng() % (200000 / n))));
    auto request = receipt(kWhen, lines);
    request.redeem =
        RedeemRequest{RedeemRequest::Kind::kPoints, static_cast<std::int64_t>(rng() % 300)};
    auto out = calculate(request, &referee, set, {}, moscow());
    const Kopecks total_before = answer(out)["total_before"];
    const bool due = total_before >= 100000;
    REQUIRE(out.effects.referral.has_value() == due);
    rewarded += due;

    auto shuffled = request;
    std::shuffle(shuffled.lines.begin(), shuffled.lines.end(), rng);
    auto again = calculate(shuffled, &referee, set, {}, moscow());
    CHECK(again.effects.referral == out.effects.referral);
    CHECK(answer(again)["applied"] == answer(out)["applied"]);
    CHECK(answer(again)["points_balance_after"] == answer(out)["points_balance_after"]);

    // Confirmed: the new card gets its bonus, less what it redeemed, plus 300; the referrer 500.
    CardState referee_after = referee, referrer_after = referrer;
    REQUIRE(apply_entry(referee_after, &referrer_after, out.effects, "r:1", today).is_ok());
    const std::int64_t accrued = answer(out)["points_accrued"],
                       redeemed = answer(out)["points_redeemed"];
    CHECK(balance(referee_after, today) ==
          balance(referee, today) + accrued - redeemed + (due ? 300 : 0));
    CHECK(balance(referee_after, today) == answer(out)["points_balance_after"]);
    CHECK(balance(referrer_after, today) == balance(referrer, today) + (due ? 500 : 0));
    CHECK(referee_after.referral == Referral{kReferrer, true, due ? "r:1" : ""});

    RefundRequest all;
    all.refund_id = "RF-2";
    all.at = request.at;
    RefundState so_far;
    if (rng() % 2 && lines.size() > 1) {
      // One line back first: the reward stays on both cards.
      ++partial;
      RefundRequest one;
      one.refund_id = "RF-1";
      one.at = request.at;
      one.lines = std::vector<RefundLine>{{lines[0].line, lines[0].qty}};
      auto part = refund(*out.sale, "r:1", so_far, one, &referee_after, moscow());
      REQUIRE(part.ok());
      CHECK(!part->effects.referral);
      const std::int64_t referrer_before_part = balance(referrer_after, today);
      REQUIRE(apply_entry(referee_after, &referrer_after, part->effects, "r:2", today).is_ok());
      CHECK(balance(referrer_after, today) == referrer_before_part);
      so_far = part->after;
    }
    auto back = refund(*out.sale, "r:1", so_far, all, &referee_after, moscow());
    REQUIRE(back.ok());
    CHECK(back->effects.referral.has_value() == due);
    REQUIRE(apply_entry(referee_after, &referrer_after, back->effects, "r:3", today).is_ok());
    // Both cards as they were: the referrer's exactly, the new card's but for its history.
    CHECK(card_state_to_json(referrer_after) == card_state_to_json(referrer));
    CHECK(without_history(referee_after) == without_history(referee));
    CHECK(points_by_dates(referee_after) == points_by_dates(referee));
    CHECK(referee_after.referral == Referral{kReferrer, true, ""});
  }
  // Both sides of min_total, and both ways of refunding, were generated.
  CHECK(rewarded > 100);
  CHECK(rewarded < 550);
  CHECK(partial > 100);
}
