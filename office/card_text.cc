// A card state's stored text without a JSON tree; see card_text.h. The writer follows
// core::card_state_to_json and nlohmann's dump: keys in byte order, no spaces, integers in
// decimal, strings escaped by nlohmann itself whenever they hold anything to escape or
// check. The reader takes exactly that layout and declines everything else.
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

// --- Writing ---------------------------------------------------------------------------

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

// --- Reading ---------------------------------------------------------------------------

// The length of a valid UTF-8 sequence starting at s[0] (RFC 3629, as nlohmann checks it),
// or 0.
std::size_t utf8_length(std::string_view s) {
  auto at = [&](std::size_t i) -> unsigned { return static_cast<unsigned char>(s[i]); };
  auto cont = [&](std::size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return i < s.size() && at(i) >= lo && at(i) <= hi;
  };
  unsigned c = at(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  bool done() const { return pos_ == s_.size(); }

  bool lit(std::string_view x) {
    if (s_.substr(pos_, x.size()) != x) return false;
    pos_ += x.size();
    return true;
  }
  bool peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }

  // A string without escapes or control characters, in valid UTF-8.
  bool string(std::string_view& out) {
    if (!lit("\"")) return false;
    std::size_t start = pos_;
    while (pos_ < s_.size()) {
      auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        out = s_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (c < 0x20 || c == '\\') return false;
      if (c < 0x80) {
        ++pos_;
        continue;
      }
      std::size_t n = utf8_length(s_.substr(pos_));
      if (n == 0) return false;
      pos_ += n;
    }
    return false;
  }
  bool string(std::string& out) {
    std::string_view v;
    if (!string(v)) return false;
    out.assign(v);
    return true;
  }

  // An integer as nlohmann reads one into an int64 (no leading zeros, no "-0"), followed
  // by something that is not part of a number.
  bool integer(std::int64_t& out) {
    std::size_t start = pos_;
    std::size_t digits = pos_ + (peek('-') ? 1 : 0);
    if (digits >= s_.size() || s_[digits] < '0' || s_[digits] > '9') return false;
    if (s_[digits] == '0' && (digits != start || (digits + 1 < s_.size() && s_[digits + 1] >= '0' &&
                                                  s_[digits + 1] <= '9')))
      return false;
    auto r = std::from_chars(s_.data() + start, s_.data() + s_.size(), out);
    if (r.ec != std::errc()) return false;
    pos_ = static_cast<std::size_t>(r.ptr - s_.data());
    return !(peek('.') || peek('e') || peek('E'));
  }

  bool date(Day& out) {
    std::string_view text;
    if (!string(text)) return false;
    auto d = core::parse_date(text);
    if (!d) return false;
    out = *d;
    return true;
  }

  // `[item, item…]`, each read by `item()`.
  template <typename F>
  bool array(F item) {
    if (!lit("[")) return false;
    if (lit("]")) return true;
    do {
      if (!item()) return false;
    } while (lit(","));
    return lit("]");
  }

  // `{"key": value, …}` into a map; a repeated key is refused as the tree reader does.
  template <typename Map, typename F>
  bool map(Map& out, F value) {
    if (!lit("{")) return false;
    if (lit("}")) return true;
    do {
      std::string key;
      if (!string(key) || !lit(":")) return false;
      typename Map::mapped_type v{};
      if (!value(v)) return false;
      if (!out.emplace(std::move(key), v).second) return false;
    } while (lit(","));
    return lit("}");
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

bool read_lot(Reader& r, core::PointLot& lot) {
  if (!r.lit("{\"earned_day\":") || !r.date(lot.earned_day) || !r.lit(",\"id\":") ||
      !r.string(lot.id) || !r.lit(",\"last_day\":"))
    return false;
  if (!r.lit("null")) {
    Day last = 0;
    if (!r.date(last)) return false;
    lot.last_day = last;
  }
  return r.lit(",\"program\":") && r.string(lot.program) && r.lit(",\"remaining\":") &&
         r.integer(lot.remaining) && r.lit(",\"usable_from\":") && r.date(lot.usable_from) &&
         r.lit("}");
}

bool read_voucher(Reader& r, core::Voucher& v) {
  return r.lit("{\"id\":") && r.string(v.id) && r.lit(",\"issued_day\":") && r.date(v.issued_day) &&
         r.lit(",\"last_day\":") && r.date(v.last_day) && r.lit(",\"program\":") &&
         r.string(v.program) && r.lit("}");
}

bool read_customer(Reader& r, core::Customer& c) {
  if (!r.lit("{\"birthday\":")) return false;
  if (!r.lit("null")) {
    Day day = 0;
    if (!r.date(day)) return false;
    c.birthday = core::civil_from_day(day);
  }
  if (!r.lit(",\"id\":") || !r.string(c.id) || !r.lit(",\"name\":") || !r.string(c.name) ||
      !r.lit(",\"phone\":"))
    return false;
  if (!r.lit("null")) {
    std::string phone;
    if (!r.string(phone)) return false;
    c.phone = std::move(phone);
  }
  return r.lit("}");
}

bool read_card(Reader& r, CardState& card) {
  if (!r.lit("{\"birthday_granted_year\":") || !r.map(card.birthday_granted_year, [&](int& year) {
        std::int64_t y = 0;
        if (!r.integer(y) || y < 0 || y > 9999) return false;
        year = static_cast<int>(y);
        return true;
      }))
    return false;
  if (!r.lit(",\"coupon_uses\":") ||
      !r.map(card.coupon_uses, [&](std::int64_t& uses) { return r.integer(uses); }))
    return false;
  if (!r.lit(",\"customer\":")) return false;
  if (!r.lit("null")) {
    core::Customer c;
    if (!read_customer(r, c)) return false;
    card.customer = std::move(c);
  }
  if (!r.lit(",\"debt\":") || !r.integer(card.debt) || !r.lit(",\"groups\":") || !r.array([&] {
        std::string g;
        if (!r.string(g)) return false;
        card.groups.push_back(std::move(g));
        return true;
      }))
    return false;
  if (!r.lit(",\"lots\":") || !r.array([&] {
        core::PointLot lot;
        if (!read_lot(r, lot)) return false;
        card.lots.push_back(std::move(lot));
        return true;
      }))
    return false;
  std::string_view status_text;
  if (!r.lit(",\"number\":") || !r.string(card.number) || !r.lit(",\"purchases\":") ||
      !r.integer(card.purchases) || !r.lit(",\"spent\":") || !r.integer(card.spent) ||
      !r.lit(",\"status\":") || !r.string(status_text))
    return false;
  auto status = core::card_status_from(status_text);
  if (!status) return false;
  card.status = *status;
  if (!r.lit(",\"visit_days\":") || !r.array([&] {
        Day d = 0;
        if (!r.date(d)) return false;
        card.visit_days.push_back(d);
        return true;
      }))
    return false;
  if (!r.lit(",\"visit_rewarded_on\":") ||
      !r.map(card.visit_rewarded_on, [&](Day& d) { return r.date(d); }))
    return false;
  if (!r.lit(",\"vouchers\":") || !r.array([&] {
        core::Voucher v;
        if (!read_voucher(r, v)) return false;
        card.vouchers.push_back(std::move(v));
        return true;
      }))
    return false;
  return r.lit("}") && r.done();
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

std::optional<CardState> card_state_from_text(std::string_view text) {
  Reader r(text);
  CardState card;
  if (!read_card(r, card)) return std::nullopt;
  return card;
}

}  // namespace kopilka::office
