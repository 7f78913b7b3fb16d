// A card state's JSON text written directly; see card_state_text.h. Strings and numbers are
// written as json_text.h writes them, so the text is byte for byte nlohmann's dump (bytes
// that are not UTF-8 become U+FFFD, as the API's dump does).
#include "core/card_state_text.h"

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/card_state_fields.h"
#include "core/json_text.h"

namespace kopilka::core {

namespace {

using namespace card_fields;

struct TextWriter {
  std::string& out;

  void value(std::string_view s) { append_json_string(out, s); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(std::int64_t v) { append_json_int(out, v); }
  void value(int v) { value(static_cast<std::int64_t>(v)); }
  void value(bool v) { out += v ? "true" : "false"; }
  void value(const Consents& c) {
    object([&](auto&& put) { consents(c, put); });
  }
  void value(CardStatus status) { value(std::string_view(to_string(status))); }
  void value(Date d) { value(format_date(d.day)); }
  void value(Birthday b) { value(birthday_text(b.date)); }
  void value(Dates d) {
    array(d.days, [](Day day) { return Date{day}; });
  }
  void value(DatesByKey d) {
    map(d.days, [](Day day) { return Date{day}; });
  }
  void value(SpentDays d) {
    char sep = '{';
    for (const DaySpent& s : d.days) {
      out += sep;
      sep = ',';
      value(Date{s.day});
      out += ':';
      value(s.amount);
    }
    out += sep == '{' ? "{}" : "}";
  }
  void value(const Customer& c) {
    object([&](auto&& put) { customer(c, put); });
  }
  void value(const PointLot& l) {
    object([&](auto&& put) { lot(l, "remaining", put); });
  }
  void value(const Voucher& v) {
    object([&](auto&& put) { voucher(v, put); });
  }
  void value(const Referral& r) {
    object([&](auto&& put) { referral(r, put); });
  }
  template <typename T>
  void value(const std::optional<T>& v) {
    if (v)
      value(*v);
    else
      out += "null";
  }
  template <typename T>
  void value(const std::vector<T>& items) {
    array(items, [](const T& item) -> const T& { return item; });
  }
  template <typename T>
  void value(const std::map<std::string, T>& m) {
    map(m, [](const T& v) -> const T& { return v; });
  }

  template <typename T, typename As>
  void array(const std::vector<T>& items, As as) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ',';
      value(as(items[i]));
    }
    out += ']';
  }
  template <typename T, typename As>
  void map(const std::map<std::string, T>& m, As as) {
    out += '{';
    bool first = true;
    for (const auto& [key, v] : m) {
      if (!first) out += ',';
      first = false;
      value(key);
      out += ':';
      value(as(v));
    }
    out += '}';
  }
  // The keys are plain ASCII from card_state_fields.h: written as they are.
  template <typename Fields>
  void object(Fields fields) {
    char sep = '{';
    fields([&](const char* key, const auto& v) {
      out += sep;
      sep = ',';
      out += '"';
      out += key;
      out += "\":";
      value(v);
    });
    out += '}';
  }
};

}  // namespace

void append_customer_text(std::string& out, const Customer& c) {
  TextWriter{out}.value(c);
}

void append_lot_text(std::string& out, const PointLot& l, const char* amount_key) {
  TextWriter{out}.object([&](auto&& put) { lot(l, amount_key, put); });
}

void append_voucher_text(std::string& out, const Voucher& v) {
  TextWriter{out}.value(v);
}

std::string card_state_text(const CardState& c) {
  std::string out;
  out.reserve(256 + c.lots.size() * 160 + c.visit_days.size() * 13 + c.vouchers.size() * 120);
  TextWriter{out}.object([&](auto&& put) { card(c, put); });
  return out;
}

}  // namespace kopilka::core
