// Message texts; see messages.h.
#include "core/messages.h"

#include <cstdio>

namespace kopilka::core {

namespace {

// Russian plural form index: 0 for 1/21/101, 1 for 2-4/22-24, 2 for 0/5-20/25…
int ru_form(std::int64_t n) {
  std::int64_t a = n < 0 ? -n : n;
  if (a % 10 == 1 && a % 100 != 11) return 0;
  if (a % 10 >= 2 && a % 10 <= 4 && (a % 100 < 12 || a % 100 > 14)) return 1;
  return 2;
}

std::string en_plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + ((n == 1 || n == -1) ? one : many);
}

}  // namespace

std::string points_text(std::int64_t n, Locale locale) {
  if (locale == Locale::kEn) return en_plural(n, "point", "points");
  static const char* forms[] = {"бонус", "бонуса", "бонусов"};
  return std::to_string(n) + " " + forms[ru_form(n)];
}

std::string days_text(std::int64_t n, Locale locale) {
  if (locale == Locale::kEn) return en_plural(n, "day", "days");
  static const char* forms[] = {"день", "дня", "дней"};
  return std::to_string(n) + " " + forms[ru_form(n)];
}

std::string receipt_text(Kopecks paid, std::int64_t redeemed, std::int64_t accrued,
                         std::int64_t balance, Locale locale) {
  std::string t;
  if (locale == Locale::kEn) {
    t = "Paid " + format_rub(paid) + ".";
    if (redeemed > 0) t += " Redeemed " + points_text(redeemed, locale) + ".";
    t += " Earned " + points_text(accrued, locale) + ". Balance " + points_text(balance, locale) +
         ".";
    return t;
  }
  t = "Оплачено " + format_rub(paid) + ".";
  if (redeemed > 0) t += " Списано " + points_text(redeemed, locale) + ".";
  t += " Начислено " + points_text(accrued, locale) + ". Баланс " + points_text(balance, locale) +
       ".";
  return t;
}

std::string burning_text(std::int64_t points, std::int64_t days, Locale locale) {
  if (locale == Locale::kEn) {
    return points_text(points, locale) +
           (days <= 0 ? " burn today" : " burn in " + days_text(days, locale));
  }
  const char* verb = ru_form(points) == 0 ? " сгорит" : " сгорят";
  return points_text(points, locale) + verb +
         (days <= 0 ? " сегодня" : " через " + days_text(days, locale));
}

const char* loyalty_code(Loyalty loyalty) {
  switch (loyalty) {
    case Loyalty::kApplied:
      return "applied";
    case Loyalty::kNoCard:
      return "no_card";
    case Loyalty::kCardNotFound:
      return "card_not_found";
    case Loyalty::kCardBlocked:
      return "card_blocked";
    case Loyalty::kCardLost:
      return "card_lost";
  }
  return "no_card";
}

std::string loyalty_text(Loyalty loyalty, Locale locale) {
  bool en = locale == Locale::kEn;
  switch (loyalty) {
    case Loyalty::kApplied:
    case Loyalty::kNoCard:
      return {};
    case Loyalty::kCardNotFound:
      return en ? "Card not found: no card discounts or points"
                : "Карта не найдена: скидки и бонусы по карте не применяются";
    case Loyalty::kCardBlocked:
      return en ? "Card is blocked: no card discounts or points"
                : "Карта заблокирована: скидки и бонусы по карте не применяются";
    case Loyalty::kCardLost:
      return en ? "Card is reported lost: no card discounts or points"
                : "Карта утеряна: скидки и бонусы по карте не применяются";
  }
  return {};
}

const char* coupon_status(CouponVerdict v) {
  switch (v) {
    case CouponVerdict::kApplied:
      return "applied";
    case CouponVerdict::kInvalid:
      return "invalid";
    case CouponVerdict::kExpired:
      return "expired";
    case CouponVerdict::kUsedUp:
      return "used_up";
    case CouponVerdict::kNotEligible:
    case CouponVerdict::kRepeated:
      return "not_eligible";
    case CouponVerdict::kNotApplied:
      return "not_applied";
  }
  return "invalid";
}

std::string coupon_text(CouponVerdict v, const std::string& code, Locale locale) {
  bool en = locale == Locale::kEn;
  switch (v) {
    case CouponVerdict::kApplied:
      return en ? "Promo code " + code + " applied" : "Промокод " + code + " применён";
    case CouponVerdict::kInvalid:
      return en ? "Promo code not found" : "Промокод не найден";
    case CouponVerdict::kExpired:
      return en ? "Promo code is not valid today"
                : "Срок действия промокода истёк или ещё не начался";
    case CouponVerdict::kUsedUp:
      return en ? "Promo code has been used up" : "Промокод уже использован";
    case CouponVerdict::kNotEligible:
      return en ? "The receipt does not meet the promo code's conditions"
                : "Чек не подходит под условия промокода";
    case CouponVerdict::kRepeated:
      return en ? "Promo code " + code + ": this promotion's code is already applied on the receipt"
                : "Промокод " + code + ": по этой акции промокод в чеке уже применён";
    case CouponVerdict::kNotApplied:
      return en ? "Promo code " + code +
                      " gives nothing off this receipt: its items already have an equal or "
                      "larger discount; it stays unused"
                : "Промокод " + code +
                      " не даёт скидки в этом чеке: на его товары уже действует не меньшая "
                      "скидка; промокод не израсходован";
  }
  return {};
}

std::string refund_text(std::int64_t reversed, std::int64_t returned, Locale locale) {
  if (locale == Locale::kEn) {
    return "Refund: " + points_text(reversed, locale) + " taken back, " +
           points_text(returned, locale) + " returned.";
  }
  return "Возврат: списано " + points_text(reversed, locale) + ", возвращено " +
         points_text(returned, locale) + ".";
}

// clang-format off
std::string wallet_paid_text(Kopecks paid, Kopecks balance, Locale locale) {
  if (locale == Locale::kEn)
    return "Paid from the wallet " + format_rub(paid) + ". Left " + format_rub(balance) + ".";
  return "С кошелька оплачено " + format_rub(paid) + ". Остаток " + format_rub(balance) + ".";
}

std::string wallet_offline_text(Kopecks allowed, Locale locale) {
  if (locale == Locale::kEn)
    return "No connection with head office: the wallet may pay at most " + format_rub(allowed) +
           " until the register syncs.";
  return "Нет связи с офисом: с кошелька можно оплатить не больше " + format_rub(allowed) +
         " до синхронизации кассы.";
}

std::string wallet_returned_text(Kopecks returned, Locale locale) {
  return (locale == Locale::kEn ? "Returned to the wallet " : "В кошелёк возвращено ") +
         format_rub(returned) + ".";
}
// clang-format on

std::string birthday_gift_text(std::int64_t points, Locale locale) {
  return (locale == Locale::kEn ? "Birthday gift: " : "Подарок ко дню рождения: ") +
         points_text(points, locale);
}

const char* not_applied_code(NotAppliedReason reason) {
  return reason == NotAppliedReason::kExclusive ? "exclusive"
         : reason == NotAppliedReason::kNoItems ? "no_items"
                                                : "beaten";
}

std::string not_applied_text(const std::string& name, NotAppliedReason reason,
                             const std::string& by, Locale locale) {
  bool en = locale == Locale::kEn;
  if (reason == NotAppliedReason::kExclusive) {
    return en ? name + ": not applied: does not combine with \"" + by + "\""
              : name + ": не применена — не суммируется с «" + by + "»";
  }
  // "Not smaller": a tie lost on priority is beaten too, and "larger" was then untrue.
  return en ? name +
                  ": not applied: its items already have an equal or larger discount; kept "
                  "for a later purchase"
            : name +
                  ": не применена — на эти товары уже действует не меньшая скидка; "
                  "сохраняется для следующей покупки";
}

std::string coupon_no_items_text(const std::string& code, Locale locale) {
  return locale == Locale::kEn
             ? "Promo code " + code +
                   " gives nothing off this receipt: none of its items is on it (or they take "
                   "no promotions); it stays unused"
             : "Промокод " + code +
                   " не даёт скидки в этом чеке: его товаров в чеке нет (или на них акции не "
                   "действуют); промокод не израсходован";
}

std::string coupon_shut_out_text(const std::string& code, const std::string& by, Locale locale) {
  return locale == Locale::kEn
             ? "Promo code " + code + " does not combine with \"" + by + "\"; it stays unused"
             : "Промокод " + code + " не суммируется с «" + by + "»; промокод не израсходован";
}

std::string points_per_unit_text(const std::string& name, std::int64_t points,
                                 std::int64_t per_unit, Locale locale) {
  return name + ": " + points_text(points, locale) +
         (locale == Locale::kEn ? " (" + std::to_string(per_unit) + " per unit)"
                                : " (по " + std::to_string(per_unit) + " за штуку)");
}

std::string bundle_text(const std::string& name, Kopecks discount, std::int64_t units,
                        Locale locale) {
  if (locale == Locale::kEn)
    return name + ": discount " + format_rub(discount) + " (" + en_plural(units, "unit", "units") +
           ")";
  return name + ": скидка " + format_rub(discount) + " (" + std::to_string(units) + " шт.)";
}

std::string level_keep_text(const std::string& name, const std::string& level, bool units,
                            Kopecks amount, Day by, Locale locale) {
  CivilDate d = civil_from_day(by);
  char ru_date[16];
  std::snprintf(ru_date, sizeof ru_date, "%02u.%02u.%04d", d.day, d.month, d.year);
  if (locale == Locale::kEn) {
    std::string held = units ? level + " points per unit" : level + " %";
    return "To keep your " + held + " level of " + name + ", spend " + format_rub(amount) +
           " more by " + format_date(by);
  }
  std::string held = units ? level + " бонусов за штуку" : level + " %";
  return "Уровень «" + name + "» " + held + " сохранится, если до " + ru_date + " купить ещё на " +
         format_rub(amount);
}

// clang-format off
std::string referral_text(const std::string& name, std::int64_t points, Locale locale) {
  if (locale == Locale::kEn)
    return name + ": +" + points_text(points, locale) + " for the first purchase";
  return name + ": +" + points_text(points, locale) + " за первую покупку";
}
// clang-format on

}  // namespace kopilka::core
