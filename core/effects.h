// CardEffects: what one journal entry (confirmed receipt, refund, cancellation, points
// adjustment, birthday grant) does to a card, as plain data. The engine computes it;
// the register's storage and head office both apply it with apply_effects, so the same
// entry has the same meaning everywhere, and it travels in sync as JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::core {

// A draw also names the kind of lot it takes from (program and dates; a refund's: the lot
// its receipt granted), so that it finds those points after the lot was folded into
// another of its kind, and knows that they burned after the lot left the card
// (card_fold.h). Entries of older versions name the lot only.
struct LotDates {
  std::string program;
  Day usable_from = 0;
  std::optional<Day> last_day;
};

struct LotDraw {
  LotDraw() = default;
  LotDraw(std::string lot, std::int64_t n, std::optional<LotDates> of = std::nullopt)
      : lot_id(std::move(lot)), points(n), dates(std::move(of)) {}
  std::string lot_id;  // a full lot id
  std::int64_t points = 0;
  std::optional<LotDates> dates;
};

// Whether applying `draw` on `today` to a card holding `lots` takes nothing: its named lot
// is not on the card (or burned long ago) and the dates it carries say its points burned so
// long ago that their lot has left every card (card_fold.h). apply_effects takes none of
// them, and neither a refund's answer nor head office's reports may count them.
bool draw_takes_nothing(const std::vector<PointLot>& lots, const LotDraw& draw, Day today);

// A draw of `points` from `lot`, naming its kind too.
inline LotDraw draw_on(const PointLot& lot, std::int64_t points) {
  return {lot.id, points, LotDates{lot.program, lot.usable_from, lot.last_day}};
}

// A referral reward (programs.md "referral") travelling in the referred card's entry: the
// referee's lot "<entry>/q" and the referrer's "<entry>/r", both dated as the program's points
// block from the receipt's day. On a full refund or cancellation `reverses` names the entry
// whose reward is taken back. Applied to the referee by apply_effects, to the referrer by
// apply_entry (core/referral.h), and only while the referee's state says it is due.
struct ReferralEffects {
  std::string program;
  std::string referrer;  // the referrer's card number
  std::int64_t referee_points = 0, referrer_points = 0;
  Day earned_day = 0, usable_from = 0;
  std::optional<Day> last_day;
  std::string reverses;  // empty on a sale
  bool operator==(const ReferralEffects&) const = default;
};

struct CardEffects {
  std::string card;  // card number; empty: the entry touches no card
  Kopecks spent_delta = 0;
  // The day spent_delta counts on for a level window (level_window.h): a receipt's day, or
  // for a refund its receipt's day. Entries of older versions have none: the entry's day.
  std::optional<Day> spent_day;
  std::int64_t purchases_delta = 0;
  std::optional<Day> visit_day;              // add this day to visit_days
  std::optional<Day> visit_day_removed;      // a full cancellation removes its visit if no other
  std::vector<LotDraw> draws;                // points taken from named lots
  std::vector<PointLot> new_lots;            // ids are local indexes ("0", "1"…) until applied
  std::vector<std::string> coupon_programs;  // one use each, by this card
  std::vector<std::string> coupon_programs_returned;       // a cancelled receipt's uses, given back
  std::vector<std::pair<std::string, Day>> visit_rewards;  // program, day
  std::vector<std::pair<std::string, int>> birthday_grants;  // program, year
  // One voucher per next_purchase program the receipt earned or used; an issued voucher's id
  // is local ("v", "v1"…) until applied.
  std::vector<Voucher> vouchers_issued;
  std::vector<std::string> vouchers_used;   // full voucher ids
  std::optional<ReferralEffects> referral;  // the referred card's entries only
  // Money into (+) or out of (−) the card's wallet (programs.md "wallet"): a top-up and its
  // bonus money, what a receipt paid from the wallet, what a refund gave back to it.
  Kopecks wallet_delta = 0;

  bool empty() const;
};

// The programs of `effects`' birthday gifts that `card` was given for their year already:
// applying `effects` adds none of their lots (two registers journalled one gift offline).
std::vector<std::string> gifts_given_already(const CardState& card, const CardEffects& effects);

// `effects` without the lots of `programs`' gifts: what applying it really adds, for those
// who count points issued (head office's reports).
CardEffects without_gift_lots(CardEffects effects, const std::vector<std::string>& programs);

// Applies an entry's effects to a card. Tolerant by design, because head office applies
// entries from registers that were offline: a draw larger than what is left in its lot
// takes the rest from the card's other lots usable on `today`, soonest-to-burn first, and
// then becomes debt (a burned or pending lot is never taken for another lot's draw); new
// lots first repay debt. Local lot and voucher ids get the prefix "<entry_id>/". `today`
// is the entry's business day. A draw takes from its lot, then from the other lots of its
// kind (card_fold.h), then as above; one on points whose lot burned more than
// kBurnedLotDays ago takes nothing. Then the card's lots are folded. Arithmetic is checked: an
// entry that would take `spent`, purchases, debt or the sum of the card's points past int64 is
// refused (kInvalid naming the effects field) and the card is left as it was.
// `clock_day` is the applier's own today, when it has a clock: the fold then looks back from
// the earlier of the two days, so that an entry dated ahead of the clock (a POS clock a year
// out) never folds away lots that are still good today.
Status apply_effects(CardState& card, const CardEffects& effects, const std::string& entry_id,
                     Day today, std::optional<Day> clock_day = std::nullopt);

// apply_effects without the fold: the reference that folding must never change (tests and
// the card-size bench compare the two).
Status apply_effects_unfolded(CardState& card, const CardEffects& effects,
                              const std::string& entry_id, Day today);

Json effects_to_json(const CardEffects& effects);
Json referral_to_json(const ReferralEffects& referral);
Result<ReferralEffects> referral_from_json(const Json& json);
Result<CardEffects> effects_from_json(const Json& json);

}  // namespace kopilka::core
