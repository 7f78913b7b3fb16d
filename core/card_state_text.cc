// A card state's JSON text written directly; see card_state_text.h. Strings are escaped by
// nlohmann itself whenever they hold anything to escape or check, so the text is byte for
// byte nlohmann's dump.
#include "core/card_state_text.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>

#include "core/json_exact.h"
#include "core/time.h"

namespace kopilka::core {

namespace {

void put_string(std::string& out, std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      // Escapes and UTF-8 checks exactly as nlohmann's dump does them.
      out += Json(std::string(s)).dump();
      return;
    }
  }
  out += '"';
  out.append(s);
  out += '"';
}

void put_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void put_date(std::string& out, Day day) {
  put_string(out, format_date(day));
}

void put_optional_string(std::string& out, const std::optional<std::string>& s) {
  if (s)
    put_string(out, *s);
  else
    out += "null";
}

// The birthday as the customer gave it: the year may be one they made up (0004).
std::string birthday_text(const CivilDate& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
  return buf;
}

template <typename Map, typename PutValue>
void put_map(std::string& out, const Map& map, PutValue put_value) {
  out += '{';
  bool first = true;
  for (const auto& [key, value] : map) {
    if (!first) out += ',';
    first = false;
    put_string(out, key);
    out += ':';
    put_value(out, value);
  }
  out += '}';
}

template <typename T, typename PutItem>
void put_array(std::string& out, const std::vector<T>& items, PutItem put_item) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    put_item(out, items[i]);
  }
  out += ']';
}

}  // namespace

void append_customer_text(std::string& out, const Customer& c) {
  out += "{\"birthday\":";
  put_optional_string(out, c.birthday ? std::optional(birthday_text(*c.birthday)) : std::nullopt);
  out += ",\"id\":";
  put_string(out, c.id);
  out += ",\"name\":";
  put_string(out, c.name);
  out += ",\"phone\":";
  put_optional_string(out, c.phone);
  out += '}';
}

void append_lot_text(std::string& out, const PointLot& lot, const char* amount_key) {
  // Keys in byte order: the amount's key sorts before or after "program".
  const bool amount_first = std::string_view(amount_key) < "program";
  auto put_amount = [&] {
    out += ",\"";
    out += amount_key;
    out += "\":";
    put_int(out, lot.remaining);
  };
  out += "{\"earned_day\":";
  put_date(out, lot.earned_day);
  out += ",\"id\":";
  put_string(out, lot.id);
  out += ",\"last_day\":";
  put_optional_string(out, lot.last_day ? std::optional(format_date(*lot.last_day)) : std::nullopt);
  if (amount_first) put_amount();
  out += ",\"program\":";
  put_string(out, lot.program);
  if (!amount_first) put_amount();
  out += ",\"usable_from\":";
  put_date(out, lot.usable_from);
  out += '}';
}

void append_voucher_text(std::string& out, const Voucher& v) {
  out += "{\"id\":";
  put_string(out, v.id);
  out += ",\"issued_day\":";
  put_date(out, v.issued_day);
  out += ",\"last_day\":";
  put_date(out, v.last_day);
  out += ",\"program\":";
  put_string(out, v.program);
  out += '}';
}

std::string card_state_text(const CardState& card) {
  std::string out;
  out.reserve(256 + card.lots.size() * 160 + card.visit_days.size() * 13 +
              card.vouchers.size() * 120);
  out += "{\"birthday_granted_year\":";
  put_map(out, card.birthday_granted_year,
          [](std::string& o, int year) { put_int(o, static_cast<std::int64_t>(year)); });
  out += ",\"coupon_uses\":";
  put_map(out, card.coupon_uses, [](std::string& o, std::int64_t uses) { put_int(o, uses); });
  out += ",\"customer\":";
  if (card.customer)
    append_customer_text(out, *card.customer);
  else
    out += "null";
  out += ",\"debt\":";
  put_int(out, card.debt);
  out += ",\"groups\":";
  put_array(out, card.groups, [](std::string& o, const std::string& g) { put_string(o, g); });
  out += ",\"lots\":";
  put_array(out, card.lots,
            [](std::string& o, const PointLot& lot) { append_lot_text(o, lot, "remaining"); });
  out += ",\"number\":";
  put_string(out, card.number);
  out += ",\"purchases\":";
  put_int(out, card.purchases);
  out += ",\"spent\":";
  put_int(out, card.spent);
  out += ",\"status\":";
  put_string(out, to_string(card.status));
  out += ",\"visit_days\":";
  put_array(out, card.visit_days, [](std::string& o, Day d) { put_date(o, d); });
  out += ",\"visit_rewarded_on\":";
  put_map(out, card.visit_rewarded_on, [](std::string& o, Day day) { put_date(o, day); });
  out += ",\"vouchers\":";
  put_array(out, card.vouchers,
            [](std::string& o, const Voucher& v) { append_voucher_text(o, v); });
  out += '}';
  return out;
}

}  // namespace kopilka::core
