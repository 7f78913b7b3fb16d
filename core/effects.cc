// apply_effects: the one place where a journal entry changes a card, at the register and
// at head office alike; see effects.h for the tolerance rules.
#include "core/effects.h"

#include <algorithm>
#include <limits>
#include <map>

#include "core/card_fold.h"
#include "core/card_points.h"
#include "core/level_window.h"
#include "core/referral.h"

namespace kopilka::core {

bool CardEffects::empty() const {
  return spent_delta == 0 && purchases_delta == 0 && !visit_day && !visit_day_removed &&
         draws.empty() && new_lots.empty() && coupon_programs.empty() &&
         coupon_programs_returned.empty() && visit_rewards.empty() && birthday_grants.empty() &&
         vouchers_issued.empty() && vouchers_used.empty() && !referral && wallet_delta == 0;
}

namespace {

Status overflow(const char* field) {
  return Status::invalid(
      "would take the card's points, purchases or wallet beyond what can be counted", field);
}

Status take_points(CardState& card, const LotDraw& draw, Day today) {
  std::int64_t points = draw.points;
  if (points <= 0) return Status::ok();
  // Points that burned so long ago that their lot has gone are not taken back from the
  // card's other points: how much of them was left when they burned is no longer known.
  if (draw_takes_nothing(card.lots, draw, today)) return Status::ok();
  // The draw's lot kind: from the named lot when it is still on the card, else from the
  // dates the draw carries.
  std::optional<LotKind> kind;
  auto named = std::find_if(card.lots.begin(), card.lots.end(),
                            [&](const PointLot& l) { return l.id == draw.lot_id; });
  if (named != card.lots.end() && !lot_gone(named->last_day, today)) {
    kind = lot_kind(*named);
  } else if (draw.dates) {
    kind = LotKind{lot_origin(draw.lot_id), draw.dates->program, draw.dates->usable_from,
                   draw.dates->last_day};
  }
  if (kind) {
    // The named lot first, then the others of its kind by id: they are interchangeable, and
    // folded into one on a folded card. Only the lots of the kind are ordered: sorting the
    // whole card per draw made an entry on a card of many lots cost milliseconds.
    std::vector<PointLot*> of_this_kind;
    for (auto& l : card.lots)
      if (of_kind(l, *kind)) of_this_kind.push_back(&l);
    std::sort(of_this_kind.begin(), of_this_kind.end(), [&](const PointLot* a, const PointLot* b) {
      return (a->id == draw.lot_id) != (b->id == draw.lot_id) ? a->id == draw.lot_id
                                                              : a->id < b->id;
    });
    for (PointLot* l : of_this_kind) {
      if (points == 0) break;
      std::int64_t n = std::min(points, l->remaining);
      l->remaining -= n;
      points -= n;
    }
  }
  if (points > 0) {
    // The lot's kind is gone or short (another register spent it offline): take the rest
    // from the card's other lots usable on the entry's day, soonest to burn first, then owe
    // it. A burned or still pending lot is never spent here: the customer could not have
    // spent those points on that day, so taking them would hide debt. A folded card is in
    // this order already.
    if (!std::is_sorted(card.lots.begin(), card.lots.end(), burns_sooner))
      std::sort(card.lots.begin(), card.lots.end(), burns_sooner);
    for (auto& l : card.lots) {
      if (points == 0) break;
      if (!lot_usable(l, today)) continue;
      std::int64_t n = std::min(points, l.remaining);
      l.remaining -= n;
      points -= n;
    }
    auto debt = checked_add(card.debt, points);
    if (!debt) return overflow("draws");
    card.debt = *debt;
  }
  card.lots.erase(std::remove_if(card.lots.begin(), card.lots.end(),
                                 [](const PointLot& l) { return l.remaining <= 0; }),
                  card.lots.end());
  return Status::ok();
}

Status add_lot(CardState& card, PointLot lot, const std::string& entry_id, Day today) {
  lot.id = entry_id + "/" + lot.id;
  // Points whose date has passed (a refund giving back points redeemed long ago) burn at
  // once: worth nothing, they pay no debt either.
  const bool burned = lot.last_day && *lot.last_day < today;
  std::int64_t repay = burned ? 0 : std::min(card.debt, lot.remaining);
  card.debt -= repay;
  lot.remaining -= repay;
  if (lot.remaining <= 0) return Status::ok();
  auto same = std::find_if(card.lots.begin(), card.lots.end(),
                           [&](const PointLot& l) { return l.id == lot.id; });
  if (same != card.lots.end()) return Status::ok();  // applying one entry twice never doubles a lot
  // The card's points must still add up: the balance is their sum.
  std::int64_t total = lot.remaining;
  for (const auto& l : card.lots) {
    auto sum = checked_add(total, l.remaining);
    if (!sum) return overflow("new_lots");
    total = *sum;
  }
  card.lots.push_back(std::move(lot));
  return Status::ok();
}

}  // namespace

bool draw_takes_nothing(const std::vector<PointLot>& lots, const LotDraw& draw, Day today) {
  const bool named_here = std::any_of(lots.begin(), lots.end(), [&](const PointLot& l) {
    return l.id == draw.lot_id && !lot_gone(l.last_day, today);
  });
  return !named_here && draw.dates && lot_gone(draw.dates->last_day, today);
}

std::vector<std::string> gifts_given_already(const CardState& card, const CardEffects& e) {
  std::vector<std::string> given;
  std::map<std::string, int> marks;  // grants earlier in this entry count as the card's
  for (const auto& [program, year] : e.birthday_grants) {
    int mark = std::numeric_limits<int>::min();
    if (auto earlier = marks.find(program); earlier != marks.end()) {
      mark = earlier->second;
    } else if (auto it = card.birthday_granted_year.find(program);
               it != card.birthday_granted_year.end()) {
      mark = it->second;
    }
    if (mark >= year)
      given.push_back(program);
    else
      marks[program] = year;
  }
  return given;
}

CardEffects without_gift_lots(CardEffects effects, const std::vector<std::string>& programs) {
  std::erase_if(effects.new_lots, [&](const PointLot& lot) {
    return std::find(programs.begin(), programs.end(), lot.program) != programs.end();
  });
  return effects;
}

Status apply_effects(CardState& card, const CardEffects& effects, const std::string& entry_id,
                     Day today, std::optional<Day> clock_day) {
  if (Status s = apply_effects_unfolded(card, effects, entry_id, today); !s) return s;
  const Day fold_day = clock_day ? std::min(today, *clock_day) : today;
  fold_lots(card, fold_day);
  forget_old_spent_days(card, fold_day);
  return Status::ok();
}

Status apply_effects_unfolded(CardState& card_io, const CardEffects& e, const std::string& entry_id,
                              Day today) {
  // Worked on a copy, so that an entry refused half-way changes nothing.
  CardState card = card_io;
  auto spent = checked_add(card.spent, e.spent_delta);
  if (!spent) return overflow("spent_delta");
  card.spent = std::max<Kopecks>(0, *spent);
  if (e.spent_delta != 0)
    if (Status s = add_spent_day(card, e.spent_day.value_or(today), e.spent_delta); !s) return s;
  auto purchases = checked_add(card.purchases, e.purchases_delta);
  if (!purchases) return overflow("purchases_delta");
  card.purchases = std::max<std::int64_t>(0, *purchases);
  // The wallet may go below zero: two registers offline both paid from it (programs.md
  // "wallet"); the next top-up repays that first, as new points repay debt.
  auto wallet = checked_add(card.wallet, e.wallet_delta);
  if (!wallet) return overflow("wallet_delta");
  card.wallet = *wallet;
  if (e.visit_day &&
      !std::binary_search(card.visit_days.begin(), card.visit_days.end(), *e.visit_day)) {
    card.visit_days.insert(
        std::upper_bound(card.visit_days.begin(), card.visit_days.end(), *e.visit_day),
        *e.visit_day);
  }
  if (e.visit_day_removed) {
    auto it =
        std::lower_bound(card.visit_days.begin(), card.visit_days.end(), *e.visit_day_removed);
    if (it != card.visit_days.end() && *it == *e.visit_day_removed) card.visit_days.erase(it);
  }
  for (const auto& d : e.draws)
    if (Status s = take_points(card, d, today); !s) return s;
  if (e.referral) {
    // Decided on the card as it was before this entry: a second "first purchase" journalled
    // offline elsewhere finds the referral closed and adds nothing.
    if (auto share = referee_share(card_io, *e.referral)) {
      for (const auto& d : share->draws)
        if (Status s = take_points(card, d, today); !s) return s;
      for (const auto& lot : share->new_lots)
        if (Status s = add_lot(card, lot, entry_id, today); !s) return s;
      card.referral->rewarded_entry = e.referral->reverses.empty() ? entry_id : std::string();
    }
  }
  if (e.purchases_delta > 0 && card.referral) card.referral->closed = true;

  // A birthday gift is granted once per card, program and year, even when two registers
  // journalled it offline: the second grant for a year already granted adds nothing.
  const std::vector<std::string> skip_programs = gifts_given_already(card, e);
  for (const auto& [program, year] : e.birthday_grants) {
    int& granted = card.birthday_granted_year[program];
    granted = std::max(granted, year);
  }
  for (const auto& lot : e.new_lots) {
    bool is_gift =
        std::find(skip_programs.begin(), skip_programs.end(), lot.program) != skip_programs.end();
    if (is_gift) continue;
    if (Status s = add_lot(card, lot, entry_id, today); !s) return s;
  }
  for (const auto& p : e.coupon_programs) {
    auto uses = checked_add(card.coupon_uses[p], 1);
    if (!uses) return overflow("coupon_programs");
    card.coupon_uses[p] = *uses;
  }
  for (const auto& p : e.coupon_programs_returned) {
    auto it = card.coupon_uses.find(p);
    if (it != card.coupon_uses.end() && --it->second <= 0) card.coupon_uses.erase(it);
  }
  for (const auto& [program, day] : e.visit_rewards) card.visit_rewarded_on[program] = day;
  for (const auto& used : e.vouchers_used) {
    card.vouchers.erase(std::remove_if(card.vouchers.begin(), card.vouchers.end(),
                                       [&](const Voucher& v) { return v.id == used; }),
                        card.vouchers.end());
  }
  for (const auto& issued : e.vouchers_issued) {
    Voucher v = issued;
    v.id = entry_id + "/" + v.id;
    bool present = std::any_of(card.vouchers.begin(), card.vouchers.end(),
                               [&](const Voucher& x) { return x.id == v.id; });
    if (!present) card.vouchers.push_back(std::move(v));
  }
  card_io = std::move(card);
  return Status::ok();
}

}  // namespace kopilka::core
