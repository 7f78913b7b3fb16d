// Texts for the receipt, the cashier and the customer, in Russian (default) and English,
// with Russian plural forms (1 бонус, 2 бонуса, 5 бонусов).
#pragma once

#include <cstdint>
#include <string>

#include "core/engine.h"
#include "core/money.h"

namespace kopilka::core {

// "220 бонусов" / "220 points".
std::string points_text(std::int64_t n, Locale locale);
// "5 дней" / "5 days".
std::string days_text(std::int64_t n, Locale locale);

// «Оплачено 2200,00 ₽. Начислено 220 бонусов. Баланс 755
// бонусов.»
std::string receipt_text(Kopecks paid, std::int64_t redeemed, std::int64_t accrued,
                         std::int64_t balance, Locale locale);
// «900 бонусов сгорят через 5 дней» (days ≥ 1) or «… сгорят сегодня» (days = 0).
std::string burning_text(std::int64_t points, std::int64_t days, Locale locale);
// Why loyalty did not apply, for the cashier; empty for kApplied and kNoCard.
std::string loyalty_text(Loyalty loyalty, Locale locale);
const char* loyalty_code(Loyalty loyalty);

// kNotApplied: valid and eligible, but took nothing off this receipt (not counted as used).
// kRepeated: a code of a promotion already applied on this receipt (the same code scanned
// twice, or two codes of one promotion); its status is not_eligible, its text says why.
enum class CouponVerdict {
  kApplied,
  kInvalid,
  kExpired,
  kUsedUp,
  kNotEligible,
  kRepeated,
  kNotApplied
};
const char* coupon_status(CouponVerdict verdict);
std::string coupon_text(CouponVerdict verdict, const std::string& code, Locale locale);
// A coupon that took nothing off because none of its items is on the receipt (or all are
// in no-loyalty categories): it stays unused.
std::string coupon_no_items_text(const std::string& code, Locale locale);

// v2 (programs.md "Additions, v2"): why a discount program that met its conditions took
// nothing off this receipt. kBeaten: a larger discount on every line of its scope, or its
// lines already at zero; kExclusive: an exclusive program won the receipt.
// kNoItems: none of its lines is on the receipt, or they are all in no-loyalty categories.
enum class NotAppliedReason { kBeaten, kExclusive, kNoItems };
const char* not_applied_code(NotAppliedReason reason);
// «Скидка «3 визита»: не применена — …» for the cashier; `by` names the exclusive winner.
std::string not_applied_text(const std::string& name, NotAppliedReason reason,
                             const std::string& by, Locale locale);
// A coupon shut out by the exclusive program `by`: not used, the customer keeps it.
std::string coupon_shut_out_text(const std::string& code, const std::string& by, Locale locale);
// «Кофе: 100 бонусов (по 50 за штуку)» / "Coffee: 100 points (50 per unit)".
std::string points_per_unit_text(const std::string& name, std::int64_t points,
                                 std::int64_t per_unit, Locale locale);
// «2+1: скидка 150,00 ₽ (1 шт. в подарок)» / "2+1: discount 150.00 ₽ (1
// unit)".
std::string bundle_text(const std::string& name, Kopecks discount, std::int64_t units,
                        Locale locale);

// "Приведи друга: +300 бонусов за первую покупку" / "Bring a friend: +300 points for the
// first purchase".
std::string referral_text(const std::string& name, std::int64_t points, Locale locale);

std::string refund_text(std::int64_t reversed, std::int64_t returned, Locale locale);

// What the wallet paid and what is left in it, for the receipt:
// «С кошелька оплачено 500,00 ₽. Остаток 1 500,00 ₽.»
std::string wallet_paid_text(Kopecks paid, Kopecks balance, Locale locale);
// For the cashier when the offline wallet limit lowered the payment.
std::string wallet_offline_text(Kopecks allowed, Locale locale);
// «В кошелёк возвращено 250,00 ₽.» / "Returned to the wallet 250,00 ₽."
std::string wallet_returned_text(Kopecks returned, Locale locale);

// How to keep a windowed level: «Уровень «Скидки» 10 % сохранится, если до
// 15.03.2027 купить ещё на 1 200,00 ₽» / "To keep your 10 % level of Discounts,
// spend…". `level` is the percent ("10", "12.5") or, with `units`, points per unit.
std::string level_keep_text(const std::string& name, const std::string& level, bool units,
                            Kopecks amount, Day by, Locale locale);

// «Подарок ко дню рождения: 1000 бонусов» / "Birthday gift: 1000 points".
std::string birthday_gift_text(std::int64_t points, Locale locale);

}  // namespace kopilka::core
