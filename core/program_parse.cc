// Program documents → Program: the id, name and kind, which fields a kind may have, then
// the common fields (program_common.cc) and the kind's own (program_kinds.cc); see program.h.
#include <algorithm>
#include <set>

#include "core/program_fields.h"

namespace kopilka::core {

const char* to_string(ProgramKind kind) {
  switch (kind) {
    case ProgramKind::kDiscount:
      return "discount";
    case ProgramKind::kDiscountScale:
      return "discount_scale";
    case ProgramKind::kBonus:
      return "bonus";
    case ProgramKind::kBirthday:
      return "birthday";
    case ProgramKind::kVisits:
      return "visits";
    case ProgramKind::kCoupon:
      return "coupon";
    case ProgramKind::kThreshold:
      return "threshold";
    case ProgramKind::kVolume:
      return "volume";
    case ProgramKind::kNextPurchase:
      return "next_purchase";
    case ProgramKind::kBundle:
      return "bundle";
    case ProgramKind::kReferral:
      return "referral";
    case ProgramKind::kWalletBonus:
      return "wallet_bonus";
  }
  return "discount";
}

PercentBp Program::percent_for(Kopecks spent) const {
  if (levels.empty()) return percent;
  PercentBp p = 0;
  for (const Level& l : levels)
    if (spent >= l.from_spent) p = l.percent;
  return p;
}

std::int64_t Program::points_per_unit_for(Kopecks spent) const {
  if (levels.empty()) return points_per_unit;
  std::int64_t n = 0;
  for (const Level& l : levels)
    if (spent >= l.from_spent) n = l.points_per_unit;
  return n;
}

namespace {

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::optional<ProgramKind> kind_from(const std::string& s) {
  static const std::pair<const char*, ProgramKind> kinds[] = {
      {"discount", ProgramKind::kDiscount},
      {"discount_scale", ProgramKind::kDiscountScale},
      {"bonus", ProgramKind::kBonus},
      {"birthday", ProgramKind::kBirthday},
      {"visits", ProgramKind::kVisits},
      {"coupon", ProgramKind::kCoupon},
      {"threshold", ProgramKind::kThreshold},
      {"volume", ProgramKind::kVolume},
      {"next_purchase", ProgramKind::kNextPurchase},
      {"bundle", ProgramKind::kBundle},
      {"referral", ProgramKind::kReferral},
      {"wallet_bonus", ProgramKind::kWalletBonus}};
  for (const auto& [name, kind] : kinds)
    if (s == name) return kind;
  return std::nullopt;
}

std::set<std::string> kind_fields(ProgramKind kind) {
  switch (kind) {
    case ProgramKind::kDiscount:
      return {"percent", "amount"};
    case ProgramKind::kDiscountScale:
      return {"levels", "level_window_days"};
    case ProgramKind::kBonus:
      return {"percent",           "levels", "points_per_unit", "first_purchase_only",
              "level_window_days", "points"};
    case ProgramKind::kBirthday:
      return {"grant", "days_before", "points"};
    case ProgramKind::kVisits:
      return {"count", "within_days", "every", "reward"};
    case ProgramKind::kCoupon:
      return {"codes", "percent", "amount", "uses_per_card", "uses_total", "min_total"};
    case ProgramKind::kThreshold:
      return {"min_total", "percent"};
    case ProgramKind::kVolume:
      return {"min_qty", "percent"};
    case ProgramKind::kNextPurchase:
      return {"min_total", "reward", "valid_days"};
    case ProgramKind::kBundle:
      return {"buy", "get", "percent", "get_scope"};
    case ProgramKind::kReferral:
      return {"referrer_points", "referee_points", "points"};
    case ProgramKind::kWalletBonus:
      return {"percent", "min_topup", "as", "points"};
  }
  return {};
}

}  // namespace

Result<Program> parse_program(const Json& doc) {
  if (!doc.is_object()) return Status::invalid("a program must be a JSON object");
  ProgramFields f(doc, "");
  Program p;
  if (!f.has("id")) return Status::invalid("is required", "id");
  auto id = f.string("id", 64);
  if (!id || !valid_id(*id)) return Status::invalid("must be 1 to 64 of a-z, 0-9, - and _", "id");
  p.id = *id;
  if (!f.has("name")) return Status::invalid("is required", "name");
  auto name = f.string("name");
  if (!name) return name.status();
  p.name = *name;
  if (!f.has("kind")) return Status::invalid("is required", "kind");
  auto kind_text = f.string("kind");
  if (!kind_text) return kind_text.status();
  auto kind = kind_from(*kind_text);
  if (!kind)
    return Status::invalid("unknown kind \"" + *kind_text +
                               "\"; one of discount, discount_scale, bonus, birthday, visits, "
                               "coupon, threshold, volume, next_purchase, bundle, referral, "
                               "wallet_bonus",
                           "kind");
  p.kind = *kind;

  std::set<std::string> allowed = {"id",    "name",     "kind",     "enabled",
                                   "valid", "schedule", "audience", "priority"};
  // A top-up has no lines to scope and one bonus at most (the first in priority order).
  if (p.kind != ProgramKind::kWalletBonus) allowed.insert({"scope", "stack"});
  for (const auto& k : kind_fields(p.kind)) allowed.insert(k);
  // v2 limits: min_total gates any receipt-driven kind (a birthday gift has no receipt, a
  // wallet_bonus has min_topup); max_discount and exclusive belong to the kinds that take
  // money off.
  if (p.kind != ProgramKind::kBirthday && p.kind != ProgramKind::kWalletBonus)
    allowed.insert("min_total");
  if (p.is_discount()) allowed.insert({"max_discount", "exclusive"});
  if (Status s = f.only(allowed); !s) return s;
  if (Status s = parse_common(f, p); !s) return s;
  if (p.grants_points()) {
    if (Status s = parse_points(f, p); !s) return s;
  }
  if (Status s = parse_kind(f, p); !s) return s;
  if (p.kind == ProgramKind::kWalletBonus) {
    if (p.bonus_as_points) {
      if (Status s = parse_points(f, p); !s) return s;
    } else if (f.has("points")) {
      return Status::invalid("is for a bonus given as points (\"as\": \"points\")", "points");
    }
  }
  return p;
}

}  // namespace kopilka::core
