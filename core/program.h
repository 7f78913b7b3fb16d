// A validated program document in the form the engine computes with (programs.md):
// percents in hundredths, days as local day numbers, codes case-folded, every optional
// field resolved to its default. Built once per document, never re-parsed per receipt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/engine.h"
#include "core/money.h"
#include "core/time.h"

namespace kopilka::core {

enum class ProgramKind {
  kDiscount,
  kDiscountScale,
  kBonus,
  kBirthday,
  kVisits,
  kCoupon,
  kThreshold,
  kVolume,
  kNextPurchase,
  kBundle,
  kReferral,
  kWalletBonus,
};
const char* to_string(ProgramKind kind);

struct Level {
  Kopecks from_spent = 0;
  PercentBp percent = 0;             // 0 on a level that gives points_per_unit
  std::int64_t points_per_unit = 0;  // bonus levels only (programs.md "Points per item")
};

struct Program {
  std::string id;
  std::string name;
  ProgramKind kind = ProgramKind::kDiscount;
  bool enabled = true;
  int priority = 100;
  bool stack = false;

  std::optional<Day> valid_from, valid_to;  // inclusive
  // `valid` given as RFC 3339 times instead of dates: inclusive instants.
  std::optional<Instant> valid_from_time, valid_to_time;
  unsigned days_mask = 0x7f;                // bit 0 = Monday
  std::optional<int> hours_from, hours_to;  // minutes of the day, half-open

  bool anyone = false;
  std::vector<std::string> groups, exclude_groups;
  std::vector<std::string> scope_categories, scope_skus, scope_exclude_categories;

  bool has_points = false;           // a points block was given
  std::optional<int> lifetime_days;  // none: points never burn
  int delay_days = 0;
  PercentBp max_redeem = 10000;

  // Kind parameters (only those of `kind` are meaningful).
  PercentBp percent = 0;             // discount, bonus, coupon, threshold, volume, rewards
  Kopecks amount = 0;                // discount by a fixed amount
  std::vector<Level> levels;         // discount_scale, bonus
  int level_window_days = 0;         // levels by the last N days' spending; 0 = lifetime
  bool first_purchase_only = false;  // bonus
  std::int64_t grant = 0;            // birthday
  int days_before = 0;               // birthday
  int count = 0, within_days = 0;    // visits
  int every = 0;                     // visits, instead of count/within_days
  std::vector<std::string> codes;    // coupon, case-folded (coupon_code_key)
  std::int64_t uses_per_card = 0;    // coupon; 0 = unlimited
  std::int64_t uses_total = 0;       // coupon; 0 = unlimited
  Kopecks min_total = 0;             // every kind but birthday; 0 = no limit
  std::int64_t min_qty_milli = 0;    // volume
  int valid_days = 0;                // next_purchase

  // v2 (programs.md "Additions, v2").
  Kopecks max_discount = 0;    // every discount kind; 0 = no cap
  bool exclusive = false;      // every discount kind
  int buy = 0, get = 0;        // bundle
  bool has_get_scope = false;  // bundle: free units come from get_scope's lines
  std::vector<std::string> get_categories, get_skus, get_exclude_categories;
  std::int64_t points_per_unit = 0;                      // bonus, instead of percent (flat)
  std::int64_t referrer_points = 0, referee_points = 0;  // referral
  Kopecks min_topup = 0;         // wallet_bonus: the least top-up earning it (inclusive)
  bool bonus_as_points = false;  // wallet_bonus: "as": "points" instead of money

  // The percent for a card that has spent `spent` (levels or flat); 0 below the first level.
  PercentBp percent_for(Kopecks spent) const;
  // Points per whole unit for a card that has spent `spent`; 0 for a percent program.
  std::int64_t points_per_unit_for(Kopecks spent) const;
  bool grants_points() const {
    return kind == ProgramKind::kBonus || kind == ProgramKind::kBirthday ||
           kind == ProgramKind::kReferral;
  }
  // A wallet_bonus neither takes money off a receipt nor grants points on one: it acts on
  // top-ups only (core/wallet_topup.h).
  bool is_discount() const { return !grants_points() && kind != ProgramKind::kWalletBonus; }
  bool by_units() const {
    return points_per_unit > 0 || (!levels.empty() && levels.front().points_per_unit > 0);
  }
};

// Parses a document already known to be a JSON object; errors name the field.
Result<Program> parse_program(const Json& document);

// One line saying what a program does, its v2 limits included, for `kopilka program
// validate` ("bundle: buy 2, get 1 cheapest at 100 % off; exclusive").
std::string explain_program(const Program& p, Locale locale);

}  // namespace kopilka::core
