// STOP replies (sms_inbound.h).
#include "office/sms_inbound.h"

#include <cctype>

#include "core/phone.h"
#include "office/customer_actions.h"
#include "office/customers.h"

namespace kopilka::office {

namespace {

bool blank(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Folds ASCII and the Cyrillic letters of «стоп» to upper case; other bytes stay.
std::string upper(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c < 0x80) {
      out[i] = static_cast<char>(std::toupper(c));
    } else if (c == 0xD1 && i + 1 < out.size()) {
      // с т (U+0441 U+0442) → С Т (U+0421 U+0422)
      auto n = static_cast<unsigned char>(out[i + 1]);
      if (n == 0x81 || n == 0x82) {
        out[i] = '\xD0';
        out[i + 1] = static_cast<char>(n + 0x20);
      }
      ++i;
    } else if (c == 0xD0 && i + 1 < out.size()) {
      // о п (U+043E U+043F) → О П (U+041E U+041F)
      auto n = static_cast<unsigned char>(out[i + 1]);
      if (n == 0xBE || n == 0xBF) out[i + 1] = static_cast<char>(n - 0x20);
      ++i;
    }
  }
  return out;
}

std::string form_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

bool is_stop_reply(std::string_view text) {
  while (!text.empty() && blank(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && (blank(static_cast<unsigned char>(text.back())) || text.back() == '.' ||
                           text.back() == '!'))
    text.remove_suffix(1);
  const std::string word = upper(text);
  return word == "STOP" || word == "СТОП";
}

core::Result<InboundSms> parse_inbound_sms(const std::string& body) {
  std::string phone, text;
  bool has_phone = false, has_text = false;
  if (!body.empty() && body.front() == '{') {
    auto j = core::parse_json_exact(body);
    if (!j || !j->is_object()) return core::Status::invalid("the body is not a JSON object");
    if (auto it = j->find("phone"); it != j->end() && it->is_string()) {
      phone = it->get<std::string>();
      has_phone = true;
    }
    if (auto it = j->find("text"); it != j->end() && it->is_string()) {
      text = it->get<std::string>();
      has_text = true;
    }
  } else {
    std::string_view rest = body;
    while (!rest.empty()) {
      auto amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      auto eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      std::string key = form_decoded(pair.substr(0, eq));
      if (key == "phone") phone = form_decoded(pair.substr(eq + 1)), has_phone = true;
      if (key == "text") text = form_decoded(pair.substr(eq + 1)), has_text = true;
    }
  }
  if (!has_phone) return core::Status::invalid("is missing", "phone");
  if (!has_text) return core::Status::invalid("is missing", "text");
  auto e164 = core::normalize_phone(phone);
  if (!e164) return core::Status::invalid("is not a phone number", "phone");
  return InboundSms{*e164, text};
}

core::Result<std::vector<StoppedCustomer>> stop_sms(Storage& store, const std::string& phone,
                                                    core::Instant now) {
  auto rows = store.sql().query("SELECT id FROM customers WHERE phone = $1 ORDER BY id", {phone});
  if (!rows) return rows.status();
  std::vector<StoppedCustomer> stopped;
  for (const SqlRow& r : *rows) {
    auto w = withdraw_consent(store, r.text(0), "sms", now);
    if (!w) return w.status();
    if (*w) stopped.push_back(std::move(**w));
  }
  return stopped;
}

}  // namespace kopilka::office
