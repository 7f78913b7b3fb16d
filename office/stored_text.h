// Stored text both storage engines read back: a card's row (a damaged one is kCorrupt,
// never a crash), and the SQLite engine's card statements.
#pragma once

#include <optional>
#include <string>

#include "common/db.h"
#include "core/card_state.h"
#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::office {

using core::parse_stored;  // core/json_exact.h
core::Result<core::CardState> card_from_text(const std::string& text);
// The phone a card is found by (the cards table's phone column).
std::optional<std::string> phone_of(const core::CardState& card);

inline const std::string kLoadCard = "SELECT state FROM cards WHERE number = ?1";
inline const std::string kSaveCard =
    "INSERT INTO cards(number, phone, state, seq) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(number) DO UPDATE SET phone = ?2, state = ?3, seq = ?4";
// Rewrites the state of a card that exists and keeps its phone: no insert attempted first,
// and the phone index is left alone.
inline const std::string kUpdateCardState =
    "UPDATE cards SET state = ?2, seq = ?3 WHERE number = ?1";

// A card by number with a prepared kLoadCard; nullopt when there is none.
core::Result<std::optional<core::CardState>> load_card_with(common::Stmt& st,
                                                            const std::string& number);
// Writes a card's state with a prepared kSaveCard.
core::Status save_card_with(common::Stmt& st, const core::CardState& card, std::int64_t seq);

}  // namespace kopilka::office
