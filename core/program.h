// A validated program document in the form the engine computes with (programs.md):
// percents in hundredths, days as local day numbers, codes upper-cased, every optional
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
};
const char* to_string(ProgramKind kind);

struct Level {
  Kopecks from_spent = 0;
  PercentBp percent = 0;
};

struct Program {
  std::string id;
  std::string name;
  ProgramKind kind = ProgramKind::kDiscount;
  bool enabled = true;
  int priority = 100;
  bool stack = false;

  std::optional<Day> valid_from, valid_to;  // inclusive
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
  bool first_purchase_only = false;  // bonus
  std::int64_t grant = 0;            // birthday
  int days_before = 0;               // birthday
  int count = 0, within_days = 0;    // visits
  int every = 0;                     // visits, instead of count/within_days
  std::vector<std::string> codes;    // coupon, upper-cased
  std::int64_t uses_per_card = 0;    // coupon; 0 = unlimited
  std::int64_t uses_total = 0;       // coupon; 0 = unlimited
  Kopecks min_total = 0;             // coupon, threshold, next_purchase
  std::int64_t min_qty_milli = 0;    // volume
  int valid_days = 0;                // next_purchase

  // The percent for a card that has spent `spent` (levels or flat); 0 below the first level.
  PercentBp percent_for(Kopecks spent) const;
  bool grants_points() const {
    return kind == ProgramKind::kBonus || kind == ProgramKind::kBirthday;
  }
};

// Parses a document already known to be a JSON object; errors name the field.
Result<Program> parse_program(const Json& document);

}  // namespace kopilka::core
