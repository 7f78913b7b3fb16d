// Limits of journal entries and of a points adjustment; see entry_limits.h.
#include "core/entry_limits.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/card_number.h"

namespace kopilka::core {

Status check_adjust_points(std::int64_t points) {
  if (points == 0 || points > kMaxAdjustPoints || points < -kMaxAdjustPoints)
    return Status::invalid("must be a whole number of points, not 0, within 10^9", "points");
  return Status::ok();
}

Status check_lifetime_days(std::int64_t days) {
  if (days < 0 || days > kMaxLifetimeDays)
    return Status::invalid("must be 0 to 36600 days", "lifetime_days");
  return Status::ok();
}

bool is_entry_kind(std::string_view kind) {
  static constexpr std::array<std::string_view, 6> kKinds = {"receipt", "refund",   "cancel",
                                                             "adjust",  "birthday", "topup"};
  for (auto k : kKinds)
    if (k == kind) return true;
  return false;
}

namespace {

Status bad(const std::string& message, const std::string& field) {
  return Status::invalid(message, "effects." + field);
}

// Σ of the points, each and all together within `max`; never overflows on the way.
template <typename Items, typename Points>
Status points_within(const Items& items, Points points, std::int64_t max, const char* key) {
  std::int64_t total = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::int64_t p = points(items[i]);
    std::string field = std::string(key) + "[" + std::to_string(i) + "].points";
    if (p <= 0 || p > max - total)
      return bad("must be positive, and all of them together at most " + std::to_string(max),
                 field);
    total += p;
  }
  return Status::ok();
}

// A wallet top-up (core/wallet_topup.h): money into one card's wallet, its bonus money
// included (at most the amount again), and at most one lot of bonus points from a
// wallet_bonus program; nothing else.
Status check_topup(const CardEffects& e) {
  if (e.card.empty()) return bad("is required for a top-up", "card");
  if (e.wallet_delta <= 0 || e.wallet_delta > 2 * kMaxAmount)
    return bad("must be more than 0 and at most twice 10^13 for a top-up", "wallet_delta");
  if (e.spent_delta != 0) return bad("is out of range for topup", "spent_delta");
  if (e.purchases_delta != 0) return bad("is out of range for topup", "purchases_delta");
  if (!e.draws.empty()) return bad("a top-up takes no points", "draws");
  if (e.new_lots.size() > 1 || (!e.new_lots.empty() && e.new_lots[0].program.empty()))
    return bad("a top-up grants one lot of its wallet_bonus program at most", "new_lots");
  if (!e.coupon_programs.empty() || !e.coupon_programs_returned.empty() ||
      !e.visit_rewards.empty() || e.visit_day || e.visit_day_removed ||
      !e.vouchers_issued.empty() || !e.vouchers_used.empty() || e.referral ||
      !e.birthday_grants.empty())
    return bad("a top-up moves the wallet and its bonus points only", "card");
  return Status::ok();
}

}  // namespace

namespace {

// Every identifier the effects carry, within kMaxEffectIdBytes.
Status ids_within(const CardEffects& e) {
  auto too_long = [](const std::string& id) { return id.size() > kMaxEffectIdBytes; };
  auto refuse = [](const std::string& field) {
    return bad("is longer than " + std::to_string(kMaxEffectIdBytes) + " bytes", field);
  };
  for (std::size_t i = 0; i < e.draws.size(); ++i)
    if (too_long(e.draws[i].lot_id) || (e.draws[i].dates && too_long(e.draws[i].dates->program)))
      return refuse("draws[" + std::to_string(i) + "]");
  for (std::size_t i = 0; i < e.new_lots.size(); ++i)
    if (too_long(e.new_lots[i].id) || too_long(e.new_lots[i].program))
      return refuse("new_lots[" + std::to_string(i) + "]");
  for (const auto* list : {&e.coupon_programs, &e.coupon_programs_returned, &e.vouchers_used})
    for (const auto& id : *list)
      if (too_long(id))
        return refuse(list == &e.coupon_programs            ? "coupon_programs"
                      : list == &e.coupon_programs_returned ? "coupon_programs_returned"
                                                            : "vouchers_used");
  for (const auto& [program, day] : e.visit_rewards)
    if (too_long(program)) return refuse("visit_rewards");
  for (const auto& [program, year] : e.birthday_grants)
    if (too_long(program)) return refuse("birthday_grants");
  for (const auto& v : e.vouchers_issued)
    if (too_long(v.id) || too_long(v.program)) return refuse("vouchers_issued");
  if (e.referral && (too_long(e.referral->program) || too_long(e.referral->reverses)))
    return refuse("referral");
  return Status::ok();
}

// The lists of the effects the card keeps, within kMaxEntryLots items each.
Status lists_within(const CardEffects& e) {
  const std::pair<std::size_t, const char*> lists[] = {
      {e.coupon_programs.size(), "coupon_programs"},
      {e.coupon_programs_returned.size(), "coupon_programs_returned"},
      {e.visit_rewards.size(), "visit_rewards"},
      {e.birthday_grants.size(), "birthday_grants"},
      {e.vouchers_issued.size(), "vouchers_issued"},
      {e.vouchers_used.size(), "vouchers_used"}};
  for (const auto& [size, field] : lists)
    if (size > kMaxEntryLots)
      return bad("holds more than " + std::to_string(kMaxEntryLots) + " items", field);
  return Status::ok();
}

}  // namespace

Status check_entry(std::string_view kind, const CardEffects& e) {
  if (!is_entry_kind(kind))
    return Status::invalid("must be receipt, refund, cancel, adjust, birthday or topup", "kind");
  if (kind == "topup") {
    if (!e.card.empty())
      if (Status s = check_card_number(e.card, "effects.card"); !s) return s;
    if (Status s = check_topup(e); !s) return s;
  }
  const bool receipt = kind == "receipt";
  const bool refund = kind == "refund" || kind == "cancel";
  const bool points_only = kind == "adjust" || kind == "birthday";
  // A bank card's number is never kept nor sent on to the registers (scanners.md).
  if (!e.card.empty())
    if (Status s = check_card_number(e.card, "effects.card"); !s) return s;
  if (e.card.empty() && (points_only || !e.draws.empty() || !e.new_lots.empty()))
    return bad("is required for points", "card");

  if (e.spent_delta < -kMaxEntryAmount || e.spent_delta > kMaxEntryAmount ||
      (receipt && e.spent_delta < 0) || (refund && e.spent_delta > 0) ||
      (points_only && e.spent_delta != 0))
    return bad(std::string("is out of range for ") + std::string(kind), "spent_delta");
  if ((receipt && e.purchases_delta != 0 && e.purchases_delta != 1) ||
      (refund && e.purchases_delta != 0 && e.purchases_delta != -1) ||
      (points_only && e.purchases_delta != 0))
    return bad(std::string("is out of range for ") + std::string(kind), "purchases_delta");

  // A receipt pays from the wallet, a refund or cancellation gives back to it (a top-up's
  // range, amount and bonus together, was checked by check_topup).
  if ((kind != "topup" &&
       (e.wallet_delta < -kMaxEntryAmount || e.wallet_delta > kMaxEntryAmount)) ||
      (receipt && e.wallet_delta > 0) || (refund && e.wallet_delta < 0) ||
      (points_only && e.wallet_delta != 0))
    return bad(std::string("is out of range for ") + std::string(kind), "wallet_delta");
  if (e.card.empty() && e.wallet_delta != 0) return bad("is required for a wallet", "card");

  const std::int64_t max = kind == "adjust" ? kMaxAdjustPoints : kMaxEntryAmount;
  auto draw_points = [](const LotDraw& d) { return d.points; };
  auto lot_points = [](const PointLot& l) { return l.remaining; };
  if (Status s = points_within(e.draws, draw_points, max, "draws"); !s) return s;
  if (Status s = points_within(e.new_lots, lot_points, max, "new_lots"); !s) return s;
  // A receipt grants a lot per program at most, a refund gives back the lots its sale drew:
  // thousands of lots would swell the card's state that every later entry rewrites.
  if (e.new_lots.size() > kMaxEntryLots)
    return bad("an entry grants at most " + std::to_string(kMaxEntryLots) + " lots", "new_lots");
  // An adjustment is one lot (POST /v1/admin/cards/{n}/points): fifty entries of a thousand
  // one-point lots, each of its own last day, filled a card to its cap and kept it from
  // every later receipt, its replacement's too.
  if (kind == "adjust" && e.new_lots.size() > 1)
    return bad("an adjustment grants one lot", "new_lots");
  // A receipt counts one use of each coupon program (core/effects.h).
  for (const auto* programs : {&e.coupon_programs, &e.coupon_programs_returned}) {
    if (programs->size() < 2) continue;  // most entries: no copy on head office's push path
    std::vector<std::string> sorted = *programs;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
      return bad("names a program twice",
                 programs == &e.coupon_programs ? "coupon_programs" : "coupon_programs_returned");
  }
  if (Status s = ids_within(e); !s) return s;
  if (Status s = lists_within(e); !s) return s;
  if (kind == "birthday" && !e.draws.empty()) return bad("a birthday gift takes nothing", "draws");
  for (std::size_t i = 0; i < e.new_lots.size(); ++i) {
    const PointLot& l = e.new_lots[i];
    // A lot lives at most 36 600 days after it was earned, and waits at most as long.
    auto span_ok = [&](Day d) {
      return d >= l.earned_day - kMaxLifetimeDays && d <= l.earned_day + 2 * kMaxLifetimeDays;
    };
    if (!span_ok(l.usable_from) || (l.last_day && !span_ok(*l.last_day)))
      return bad("lies too far from earned_day", "new_lots[" + std::to_string(i) + "]");
  }
  if (points_only && (!e.coupon_programs.empty() || !e.coupon_programs_returned.empty() ||
                      !e.visit_rewards.empty() || e.visit_day || e.visit_day_removed ||
                      !e.vouchers_issued.empty() || !e.vouchers_used.empty()))
    return bad(std::string("an entry of kind ") + std::string(kind) + " moves points only", "card");
  if (e.referral) {
    const ReferralEffects& r = *e.referral;
    if (points_only || e.card.empty())
      return bad("only a referred card's receipt, refund or cancellation carries one", "referral");
    if (!is_card_number(r.referrer) || r.referrer == e.card)
      return bad("must be another card's number", "referral.referrer");
    if (Status s = check_card_number(r.referrer, "effects.referral.referrer"); !s) return s;
    if (r.referee_points > kMaxAdjustPoints)
      return bad("is out of range", "referral.referee_points");
    if (r.referrer_points > kMaxAdjustPoints)
      return bad("is out of range", "referral.referrer_points");
    if (receipt != r.reverses.empty()) return bad("is out of place", "referral.reverses");
  }
  if (!points_only && !e.birthday_grants.empty())
    return bad("only a birthday entry grants a birthday gift", "birthday_grants");
  return Status::ok();
}

}  // namespace kopilka::core
