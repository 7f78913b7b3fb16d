// Cards in the register store: one row per card holding its whole core::CardState as
// JSON (so a card changes atomically), with the customer's phone copied into an indexed
// column for GET /v1/cards?phone=.
#include "register/store.h"

#include "core/card_replacement.h"
#include "core/card_state_json.h"
#include "core/card_state_text.h"
#include "core/json_exact.h"

namespace kopilka::daemon {

namespace {

std::optional<std::string> phone_of(const core::CardState& c) {
  if (c.customer && c.customer->phone) return c.customer->phone;
  return std::nullopt;
}

Result<std::optional<core::CardState>> card_from_row(common::Stmt& st) {
  std::string text = st.text(0);
  st.reset();
  auto j = core::parse_stored(text, "a stored card");
  if (!j) return j.status();
  auto card = core::card_state_from_json(*j);
  if (!card) return Status::corrupt("a stored card is damaged: " + card.status().message());
  return std::optional<core::CardState>(std::move(*card));
}

}  // namespace

Result<std::optional<core::CardState>> Store::load_card(const std::string& number) {
  auto st = db_->prepare("SELECT state FROM cards WHERE number = ?1");
  if (!st) return st.status();
  st->bind(1, number);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<core::CardState>();
  return card_from_row(*st);
}

Result<std::optional<core::CardState>> Store::load_card_holding(const std::string& number) {
  auto card = load_card(number);
  for (int hop = 0; card && *card && hop < core::kMaxReplacements; ++hop) {
    std::string by(core::replacement_of(**card));
    if (by.empty()) break;
    auto next = load_card(by);
    if (!next) return next.status();
    if (!*next) break;  // not pulled yet: head office applies the old card's entries there
    card = std::move(next);
  }
  return card;
}

Result<std::optional<core::CardState>> Store::find_card_by_phone(const std::string& phone) {
  auto st = db_->prepare(
      "SELECT state FROM cards WHERE phone = ?1 "
      "ORDER BY state NOT LIKE '%\"status\":\"active\"%', number LIMIT 1");
  if (!st) return st.status();
  st->bind(1, phone);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<core::CardState>();
  return card_from_row(*st);
}

Status Store::save_card(const core::CardState& card, core::Instant now) {
  return save_card_as_sent(card, core::card_state_text(card), now);
}

Status Store::save_card_as_sent(const core::CardState& card, const std::string& state,
                                core::Instant now) {
  return save_card_text(card.number, phone_of(card), state, now);
}

Status Store::save_card_text(const std::string& number, const std::optional<std::string>& phone,
                             const std::string& state, core::Instant now) {
  // Most saves (every confirm) leave the phone as it was. Setting it anyway rewrote a page
  // of the phone index per save, one of the pages each confirm wrote to the log; an update
  // that does not name the column leaves the index alone.
  auto same_phone =
      db_->prepare("UPDATE cards SET state = ?3, updated = ?4 WHERE number = ?1 AND phone IS ?2");
  if (!same_phone) return same_phone.status();
  if (Status s =
          same_phone->bind(1, number).bind_optional(2, phone).bind(3, state).bind(4, now).run();
      !s)
    return s;
  if (db_->changes() > 0) return Status::ok();
  auto st = db_->prepare(
      "INSERT INTO cards(number, phone, state, updated) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(number) DO UPDATE SET phone = ?2, state = ?3, updated = ?4");
  if (!st) return st.status();
  return st->bind(1, number).bind_optional(2, phone).bind(3, state).bind(4, now).run();
}

}  // namespace kopilka::daemon
