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

// A card's row also holds its own customer's report rows (report_customer_rows.h), which a
// group of pushes reads and writes with the card; a write without them keeps the row's.
inline const std::string kLoadCard = "SELECT state, report_rows FROM cards WHERE number = ?1";
inline const std::string kSaveCard =
    "INSERT INTO cards(number, phone, state, seq, report_rows) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(number) DO UPDATE SET phone = ?2, state = ?3, seq = ?4, "
    "report_rows = coalesce(?5, report_rows)";
// Rewrites the state of a card that exists and keeps its phone: no insert attempted first,
// and the phone index is left alone.
inline const std::string kUpdateCardState =
    "UPDATE cards SET state = ?2, seq = ?3, report_rows = coalesce(?4, report_rows) "
    "WHERE number = ?1";

// A card by number with a prepared kLoadCard; nullopt when there is none. `report_rows`
// (optional) gets the row's report rows ("" if none).
core::Result<std::optional<core::CardState>> load_card_with(common::Stmt& st,
                                                            const std::string& number,
                                                            std::string* report_rows = nullptr);
// Writes a card's state with a prepared kSaveCard, and `report_rows` unless nullptr.
core::Status save_card_with(common::Stmt& st, const core::CardState& card, std::int64_t seq,
                            const std::string* report_rows = nullptr);

}  // namespace kopilka::office
