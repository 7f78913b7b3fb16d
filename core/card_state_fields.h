// The one list of the JSON keys of a card's state and its parts (customer, point lot,
// voucher), in byte order, which is nlohmann's object order. Both writers walk it: the
// text writer (card_state_text.h, storage's fast path, no tree) and the tree writer
// (card_state_json.h, for documents that are built on). So the text is always the tree's
// dump, and a key is added or renamed in one place.
//
// A list calls `put(key, value)` once per key, in order. Values are std::string,
// std::int64_t, int, bool, CardStatus, Consents, Customer, PointLot (a card's lots: points as
// "remaining"), Voucher, std::optional / std::vector / std::map<std::string, …> of those, and the
// wrappers below for what is not written as its C++ type says.
#pragma once

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/card_state.h"
#include "core/time.h"

namespace kopilka::core::card_fields {

// A day written "YYYY-MM-DD" (a Day is a bare integer, like a year).
struct Date {
  Day day;
};
struct Dates {
  const std::vector<Day>& days;
};
struct DatesByKey {
  const std::map<std::string, Day>& days;
};
// What a card spent by day, as an object {"YYYY-MM-DD": kopecks} (dates sort as days do).
struct SpentDays {
  const std::vector<DaySpent>& days;
};
// A birthday as the customer gave it: the year may be one they made up (0004).
struct Birthday {
  CivilDate date;
};

inline std::string birthday_text(const CivilDate& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
  return buf;
}

inline std::optional<Date> date_or_null(const std::optional<Day>& day) {
  return day ? std::optional<Date>(Date{*day}) : std::nullopt;
}

// Consents as {"email": bool, "sms": bool}.
template <typename Put>
void consents(const Consents& c, Put&& put) {
  put("email", c.email);
  put("sms", c.sms);
}

// "consents" and "email" are written only when set, so a card without them reads (and is
// written) as before they existed: registers and documents of older versions agree.
template <typename Put>
void customer(const Customer& c, Put&& put) {
  put("birthday", c.birthday ? std::optional<Birthday>(Birthday{*c.birthday}) : std::nullopt);
  if (c.consents != Consents{}) put("consents", c.consents);
  if (c.email) put("email", *c.email);
  put("id", c.id);
  put("name", c.name);
  put("phone", c.phone);
}

// A lot's points are named by `amount_key`: "remaining" in a card's state and a sale's
// redeemed lots, "points" in an entry's new_lots; it sorts before or after "program".
template <typename Put>
void lot(const PointLot& lot, const char* amount_key, Put&& put) {
  const bool amount_first = std::string_view(amount_key) < "program";
  put("earned_day", Date{lot.earned_day});
  put("id", lot.id);
  put("last_day", date_or_null(lot.last_day));
  if (amount_first) put(amount_key, lot.remaining);
  put("program", lot.program);
  if (!amount_first) put(amount_key, lot.remaining);
  put("usable_from", Date{lot.usable_from});
}

template <typename Put>
void voucher(const Voucher& v, Put&& put) {
  put("id", v.id);
  put("issued_day", Date{v.issued_day});
  put("last_day", Date{v.last_day});
  put("program", v.program);
}

template <typename Put>
void referral(const Referral& r, Put&& put) {
  put("by", r.by);
  put("closed", r.closed);
  put("rewarded_entry", r.rewarded_entry);
}

template <typename Put>
void card(const CardState& c, Put&& put) {
  put("birthday_granted_year", c.birthday_granted_year);
  put("coupon_uses", c.coupon_uses);
  put("customer", c.customer);
  put("debt", c.debt);
  put("groups", c.groups);
  put("lots", c.lots);
  put("number", c.number);
  put("purchases", c.purchases);
  // Written only on a referred card, so other cards read (and are written) as before.
  if (c.referral) put("referral", *c.referral);
  if (!c.replaced_by.empty()) put("replaced_by", c.replaced_by);  // on a replaced card only
  put("spent", c.spent);
  // Written only when there are days, so a card without them reads (and is written) as
  // before they existed.
  if (!c.spent_days.empty()) put("spent_days", SpentDays{c.spent_days});
  put("status", c.status);
  // "type" and "wallet" are written only on a gift card and a card with money on it, so
  // every other card reads (and is written) as before wallets existed.
  if (c.type != CardType::kLoyalty) put("type", std::string(to_string(c.type)));
  put("visit_days", Dates{c.visit_days});
  put("visit_rewarded_on", DatesByKey{c.visit_rewarded_on});
  put("vouchers", c.vouchers);
  if (c.wallet != 0) put("wallet", c.wallet);
}

}  // namespace kopilka::core::card_fields
