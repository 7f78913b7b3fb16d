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
enum class CouponVerdict { kApplied, kInvalid, kExpired, kUsedUp, kNotEligible, kNotApplied };
const char* coupon_status(CouponVerdict verdict);
std::string coupon_text(CouponVerdict verdict, const std::string& code, Locale locale);

std::string refund_text(std::int64_t reversed, std::int64_t returned, Locale locale);

// «Подарок ко дню рождения: 1000 бонусов» / "Birthday gift: 1000 points".
std::string birthday_gift_text(std::int64_t points, Locale locale);

}  // namespace kopilka::core
