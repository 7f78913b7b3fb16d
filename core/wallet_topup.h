// A wallet top-up (programs.md "wallet", POST /v1/wallet/topup): the request as the POS
// sends it, the wallet_bonus program it earns, and what it does to the card (CardEffects)
// with the answer the POS shows. Pure; the register journals the effects as an entry of
// kind "topup", and head office applies them with the same apply_effects.
#pragma once

#include <string>

#include "core/card_state.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "core/money.h"
#include "core/status.h"
#include "core/time.h"

namespace kopilka::core {

struct TopupRequest {
  std::string topup_id;
  std::string card;
  Kopecks amount = 0;  // 1 kopeck to kMaxAmount
  Instant at = 0;
};

// Parses a top-up body {"topup_id", "card", "amount", "at"}; `now` when `at` is absent.
// Every error names its field ("amount": must be more than 0).
Result<TopupRequest> parse_topup_request(const Json& body, Instant now);

struct TopupOutcome {
  CardEffects effects;  // wallet_delta = amount + bonus money, or a new lot of bonus points
  Json response;        // topup_id, card, amount, bonus, bonus_points, program, wallet, messages
  Kopecks bonus = 0;    // bonus money
  std::int64_t bonus_points = 0;
};

// What topping up `card` (active) with `request` does. The bonus comes from the first
// wallet_bonus program in calculation order (priority, then id) that is active at
// request.at for this card and whose min_topup the amount reaches (inclusive): money
// rounded down to a kopeck, or with "as": "points" floor(amount × percent ÷ 100 ÷
// point_value) points in a lot dated the top-up's day. A gift card earns only a money
// bonus of a program for anyone (programs.md: no card programs apply to it).
TopupOutcome topup(const TopupRequest& request, const CardState& card, const ProgramSet& programs,
                   const Settings& settings);

}  // namespace kopilka::core
