// Stored text of both engines; see stored_text.h.
#include "office/stored_text.h"

#include "core/card_state_json.h"
#include "core/card_state_text.h"

namespace kopilka::office {

using core::CardState;
using core::Result;
using core::Status;

Result<CardState> card_from_text(const std::string& text) {
  auto j = core::parse_stored(text, "a stored card");
  if (!j) return j.status();
  auto card = core::card_state_from_json(*j);
  if (!card) return Status::corrupt("a stored card is damaged: " + card.status().message());
  return *card;
}

std::optional<std::string> phone_of(const CardState& card) {
  if (card.customer && card.customer->phone) return card.customer->phone;
  return std::nullopt;
}

Result<std::optional<CardState>> load_card_with(common::Stmt& st, const std::string& number,
                                                std::string* report_rows) {
  st.bind(1, number);
  auto row = st.step();
  if (!row) return row.status();
  std::string text = *row ? st.text(0) : std::string();
  if (report_rows) *report_rows = *row ? st.text(1) : std::string();
  st.reset();  // ready for the next card of a group
  if (!*row) return std::optional<CardState>();
  auto card = card_from_text(text);
  if (!card) return card.status();
  return std::optional<CardState>(std::move(*card));
}

Status save_card_with(common::Stmt& st, const CardState& card, std::int64_t seq,
                      const std::string* report_rows) {
  st.bind(1, card.number).bind_optional(2, phone_of(card)).bind(3, card_state_text(card));
  st.bind(4, seq);
  (report_rows ? st.bind_borrowed(5, *report_rows) : st.bind_null(5));
  return st.run();
}

}  // namespace kopilka::office
