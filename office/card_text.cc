// A card state's stored text written without a JSON tree; see card_text.h. It follows
// core::card_state_to_json and nlohmann's dump: keys in byte order, no spaces, integers in
// decimal, strings escaped by nlohmann itself whenever they hold anything to escape or
// check. Reading it back is the JSON library's job (office/store.cc).
#include "office/card_text.h"

#include <charconv>
#include <cstdint>
#include <cstdio>

#include "core/json_exact.h"
#include "core/time.h"

namespace kopilka::office {

namespace {

using core::CardState;
using core::Day;

void put_string(std::string& out, std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      // Escapes and UTF-8 checks exactly as nlohmann's dump does them.
      out += core::Json(std::string(s)).dump();
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
  put_string(out, core::format_date(day));
}

void put_optional_date(std::string& out, const std::optional<Day>& day) {
  if (day)
    put_date(out, *day);
  else
    out += "null";
}

// core::card_state_json's birthday: the year as the customer gave it.
std::string birthday_text(const core::CivilDate& d) {
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

}  // namespace

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
  if (card.customer) {
    const core::Customer& c = *card.customer;
    out += "{\"birthday\":";
    if (c.birthday)
      put_string(out, birthday_text(*c.birthday));
    else
      out += "null";
    out += ",\"id\":";
    put_string(out, c.id);
    out += ",\"name\":";
    put_string(out, c.name);
    out += ",\"phone\":";
    if (c.phone)
      put_string(out, *c.phone);
    else
      out += "null";
    out += '}';
  } else {
    out += "null";
  }
  out += ",\"debt\":";
  put_int(out, card.debt);
  out += ",\"groups\":[";
  for (std::size_t i = 0; i < card.groups.size(); ++i) {
    if (i) out += ',';
    put_string(out, card.groups[i]);
  }
  out += "],\"lots\":[";
  for (std::size_t i = 0; i < card.lots.size(); ++i) {
    const core::PointLot& lot = card.lots[i];
    if (i) out += ',';
    out += "{\"earned_day\":";
    put_date(out, lot.earned_day);
    out += ",\"id\":";
    put_string(out, lot.id);
    out += ",\"last_day\":";
    put_optional_date(out, lot.last_day);
    out += ",\"program\":";
    put_string(out, lot.program);
    out += ",\"remaining\":";
    put_int(out, lot.remaining);
    out += ",\"usable_from\":";
    put_date(out, lot.usable_from);
    out += '}';
  }
  out += "],\"number\":";
  put_string(out, card.number);
  out += ",\"purchases\":";
  put_int(out, card.purchases);
  out += ",\"spent\":";
  put_int(out, card.spent);
  out += ",\"status\":";
  put_string(out, core::to_string(card.status));
  out += ",\"visit_days\":[";
  for (std::size_t i = 0; i < card.visit_days.size(); ++i) {
    if (i) out += ',';
    put_date(out, card.visit_days[i]);
  }
  out += "],\"visit_rewarded_on\":";
  put_map(out, card.visit_rewarded_on, [](std::string& o, Day day) { put_date(o, day); });
  out += ",\"vouchers\":[";
  for (std::size_t i = 0; i < card.vouchers.size(); ++i) {
    const core::Voucher& v = card.vouchers[i];
    if (i) out += ',';
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
  out += "]}";
  return out;
}

}  // namespace kopilka::office
