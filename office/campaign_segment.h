// Who a campaign reaches (office.md "Notifications": a segment of groups, level, last
// purchase before/after, birthday month, store): the segment as the API writes it, the slips
// refused before anything is counted, and the cards of the card table it holds, reachable on
// a channel (an address, consent, no unsubscribe), a page at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

struct Segment {
  std::vector<std::string> groups;  // any of them; empty: any card
  std::optional<std::string> level_program;
  std::optional<std::string> level_percent;       // the card's level in that program, e.g. "7"
  std::optional<core::Day> last_purchase_after;   // on or after
  std::optional<core::Day> last_purchase_before;  // on or before
  std::optional<int> birthday_month;              // 1–12
  std::optional<std::string> store;               // bought there at least once
};

// {"groups": [...], "level": {"program", "percent"}, "last_purchase_after": DATE,
// "last_purchase_before": DATE, "birthday_month": 1..12, "store": ID}; errors name the field.
core::Result<Segment> parse_segment(const core::Json& j);
// A segment that could only ever match nobody by a slip: a level of a program there is not,
// or that program's level there is not (the field named, with the levels it has).
core::Status check_segment(const Segment& s, const core::ProgramSet& programs);
core::Json segment_json(const Segment& s);

// One page of the card table (cards after `after` in number order), matched.
struct PageMatch {
  std::vector<core::CardState> cards;  // in the segment and reachable
  std::string last_number;             // the page's last card, matched or not
  bool more = false;
};

core::Result<PageMatch> match_page(Sql& sql, const Segment& s, const std::string& channel,
                                   const std::string& after, int page,
                                   const core::ProgramSet& programs, core::Instant now,
                                   const core::Settings& settings);

// Customers the segment reaches on `channel` now: active cards with a customer who has an
// address for it and consented, each customer once.
core::Result<std::int64_t> count_recipients(Sql& sql, const Segment& segment,
                                            const std::string& channel,
                                            const core::ProgramSet& programs, core::Instant now,
                                            const core::Settings& settings);

}  // namespace kopilka::office
