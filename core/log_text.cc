// Client text for logs; see log_text.h.
#include "core/log_text.h"

#include <algorithm>

#include "core/card_number.h"
#include "core/payment_card.h"

namespace kopilka::core {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string log_text(std::string_view text, std::size_t max) {
  // A bank card's number in any form the scanners know (grouped "4111 1111 1111 1111",
  // padded, inside track data) or a track 1 with its holder's name: nothing of it is written.
  if (contains_payment_card_number(text) || contains_card_track_one(text))
    return "[a bank card's data, not logged: " + std::to_string(text.size()) + " bytes]";
  std::string out;
  out.reserve(std::min(text.size(), max + 32));
  for (std::size_t i = 0; i < text.size() && out.size() <= max;) {
    if (!is_digit(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_digit(text[end])) ++end;
    const std::string_view run = text.substr(i, end - i);
    out += run.size() >= 12 ? masked_card(run) : std::string(run);
    i = end;
  }
  if (out.size() <= max) return out;  // the loop stops early only past `max`
  std::size_t cut = max;
  // Back to the first byte of a UTF-8 character: no half letter before the ellipsis.
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  out += "… (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace kopilka::core
