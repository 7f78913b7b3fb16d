// The referral program kind (programs.md "referral"): which receipt rewards a referred card,
// the effects that carry both cards' points in the referee's one journal entry, and applying
// them to both cards. The referral is decided by the referee's state, so that head office
// rewards a referred card once even when two registers journalled its first purchase offline.
#pragma once

#include <optional>
#include <string>

#include "core/card_state.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/status.h"

namespace kopilka::core {

struct Program;
struct RuleContext;

// The referral program this receipt rewards, or null: the card was referred, has had no
// confirmed purchase, and a referral program is active with min_total reached by
// `total_before`. The first such program in calculation order.
const Program* referral_program(const ProgramSet& programs, const RuleContext& ctx,
                                Kopecks total_before);

// The reward of `program` for the context's card, dated the receipt's day.
ReferralEffects referral_reward(const Program& program, const CardState& card, Day today);

// What an entry's referral does to the referee (`card`, as it was before the entry); nothing
// when it is not due: a sale's reward when the card's referral is open, a reversal when the
// card holds the reward of the entry it reverses.
std::optional<CardEffects> referee_share(const CardState& card, const ReferralEffects& r);
// The same for the referrer's card, whose number it names.
std::optional<CardEffects> referrer_share(const CardState& card, const ReferralEffects& r);

// The most items (point lots, unused vouchers, and the coupon, visit and birthday programs
// it remembers) an entry may leave on its card, counted after folding.
inline constexpr std::size_t kMaxCardItems = 50000;
std::size_t card_items(const CardState& card);

// Applies an entry to its card and its referral share to `referrer` (null when the entry
// has no referral share, or this store does not have the referrer's card: head office
// brings it on the next sync). Both change or neither; the referrer's error is named under
// "referral". An entry that would leave its card more than kMaxCardItems items, and more
// than it held, is refused (naming "card"): lots of one kind fold and the rest is one per
// program, so no customer's card comes near it, but every later entry rewrites the card and
// every register pulls it, and a register must not swell it without end. The referrer's card
// is not held to it: it gains one lot per referred card's first purchase.
Status apply_entry(CardState& card, CardState* referrer, const CardEffects& effects,
                   const std::string& entry_id, Day today,
                   std::optional<Day> clock_day = std::nullopt);

// The referrer's card number an entry's referral share is due to, if any.
std::optional<std::string> referrer_due(const CardState& card, const CardEffects& effects);

}  // namespace kopilka::core
