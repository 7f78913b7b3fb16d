// One line per program saying what it does, with the v2 limits (min_total, max_discount,
// exclusive, bundles, points per unit, level windows), for `kopilka program validate`; see
// program.h.
#include <string>

#include "core/messages.h"
#include "core/program.h"

namespace kopilka::core {

namespace {

std::string pct(PercentBp bp) {
  return format_scaled_decimal(bp, kPercentPlaces) + " %";
}

Locale locale_of(bool en) {
  return en ? Locale::kEn : Locale::kRu;
}

std::string levels_text(const Program& p, bool en) {
  std::string t;
  for (const Level& l : p.levels) {
    if (!t.empty()) t += ", ";
    t += (en ? "from " : "от ") + format_rub(l.from_spent) + " → " +
         (l.points_per_unit > 0
              ? std::to_string(l.points_per_unit) + (en ? " per unit" : " за штуку")
              : pct(l.percent));
  }
  std::string window;
  if (p.level_window_days > 0)
    window = (en ? " (by the last " : " (по покупкам за ") +
             days_text(p.level_window_days, locale_of(en)) +
             (en ? "; a level can go down)" : "; уровень может снизиться)");
  return (en ? "levels: " : "уровни: ") + t + window;
}

// The kind's own mechanics.
std::string what(const Program& p, bool en) {
  switch (p.kind) {
    case ProgramKind::kBundle:
      return (en ? "buy " : "купи ") + std::to_string(p.buy) + (en ? ", get " : ", получи ") +
             std::to_string(p.get) + (en ? " cheapest" : " самых дешёвых") +
             (p.has_get_scope ? (en ? " of get_scope" : " из get_scope") : "") +
             (p.percent == 10000
                  ? (en ? " free" : " бесплатно")
                  : (en ? " at " : " со скидкой ") + pct(p.percent) + (en ? " off" : ""));
    case ProgramKind::kBonus:
      if (!p.levels.empty()) return (en ? "points, " : "бонусы, ") + levels_text(p, en);
      if (p.points_per_unit > 0)
        return std::to_string(p.points_per_unit) +
               (en ? " points per whole unit" : " бонусов за каждую целую штуку");
      return pct(p.percent) + (en ? " back in points" : " бонусами");
    case ProgramKind::kDiscountScale:
      return levels_text(p, en);
      // clang-format off
    case ProgramKind::kReferral:
      return en ? std::to_string(p.referrer_points) + " points to the referrer and " +
                      std::to_string(p.referee_points) + " to the new card on its first purchase"
                : std::to_string(p.referrer_points) + " бонусов пригласившему и " +
                      std::to_string(p.referee_points) + " новой карте за первую покупку";
      // clang-format on
    case ProgramKind::kWalletBonus:
      return (en ? "wallet top-ups" : "пополнение кошелька") +
             (p.min_topup > 0 ? (en ? " from " : " от ") + format_rub(p.min_topup) : "") +
             (en ? ": bonus " : ": бонус ") + pct(p.percent) +
             (p.bonus_as_points ? (en ? " in points" : " бонусами")
                                : (en ? " in wallet money" : " деньгами в кошелёк"));
    case ProgramKind::kBirthday:
      return std::to_string(p.grant) +
             (en ? " points before the birthday" : " бонусов ко дню рождения");
    default:
      if (p.amount > 0) return (en ? "minus " : "минус ") + format_rub(p.amount);
      return (en ? "discount " : "скидка ") + pct(p.percent);
  }
}

}  // namespace

std::string explain_program(const Program& p, Locale locale) {
  const bool en = locale == Locale::kEn;
  std::string t = p.id + " (" + to_string(p.kind) + "): " + what(p, en);
  if (p.min_total > 0 && p.kind != ProgramKind::kNextPurchase)
    t += (en ? "; receipts from " : "; чеки от ") + format_rub(p.min_total);
  if (p.max_discount > 0)
    t += (en ? "; at most " : "; не более ") + format_rub(p.max_discount) +
         (en ? " off a receipt" : " на чек");
  if (p.exclusive)
    t += en ? "; exclusive: no other discount on the receipt"
            : "; исключительная: другие скидки в чеке не действуют";
  else if (p.stack)
    t += en ? "; stacks" : "; суммируется";
  if (!p.enabled) t += en ? "; disabled" : "; выключена";
  return t;
}

}  // namespace kopilka::core
