// Which notifications a card's state calls for (office.md "Notifications"): points burning
// within expiry_warning_days (one per card and burn date), the welcome after the first
// purchase, a birthday gift granted this year, and a new level reached. Each becomes one
// message per channel the chain has (e-mail, SMS, every webhook that takes the event),
// keyed so that it is queued once, however often the card is looked at.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/engine.h"
#include "office/notify_config.h"
#include "office/outbox.h"

namespace kopilka::office {

struct CardEvent {
  std::string event;  // points_burning, welcome, birthday_gift, level_reached
  std::string key;    // what makes it unique for this card: the burn date, the year …
  core::Json values;  // what the text says: points, date, level …
};

// What the worker noted of a card when it last looked at it.
struct LastLook {
  bool seen = false;                          // it was looked at before
  std::map<std::string, std::string> levels;  // its level per level program then
};

// Whether the card's purchases are all new: its first purchase was today or yesterday (a
// register that was offline may push several at once). A card with older purchases, one or
// many, such as one imported or bought with before notifications were set up, is no
// newcomer.
bool newcomer(const core::CardState& card, core::Day today);

// The events `card` calls for at `now`: points burning within expiry_warning_days, the
// welcome of a newcomer, this year's birthday gift, and a level that went up since the last
// look (a level going down is no news to congratulate on). A card never looked at before
// has no level to compare with unless it is a newcomer, whose level before was none.
// `accrued`: the points each recent journal entry granted (accrued_points), each announced
// once as points_accrued.
std::vector<CardEvent> card_events(const core::CardState& card, const core::ProgramSet& programs,
                                   core::Instant now, const core::Settings& settings,
                                   const LastLook& last,
                                   const std::map<std::string, std::int64_t>& accrued = {});

// The points a receipt's or top-up's journal entry granted through bonus programs (a
// top-up's bonus as points too), as the register journalled them: not a birthday gift, a
// referral reward, an adjustment, nor points a refund gave back. 0 for anything else.
std::int64_t accrued_points(const std::string& kind, const core::Json& entry,
                            const core::ProgramSet& programs);

// What a queued event's text says, as the card stands at send time (a message waits for
// quiet hours, the daily limit or a retry): the points still burning that day and the days
// left, the balance now. Nothing when the event no longer holds: the points burning that
// day were spent, taken away or have burned.
std::optional<core::Json> current_values(const std::string& event, const core::Json& queued,
                                         const core::CardState& card, core::Instant now,
                                         const core::Settings& settings);

// The card's level per level program now ("program" → percent as text).
std::map<std::string, std::string> card_levels(const core::CardState& card,
                                               const core::ProgramSet& programs, core::Instant now,
                                               const core::Settings& settings);

// One message per channel for an event: e-mail and SMS to the card's customer (consent is
// checked when it is sent), and each webhook that takes the event. points_accrued, off by
// default, goes to customers and every-event webhooks with `[notify] points_accrued`, and to
// a webhook that names it.
std::vector<QueuedMessage> messages_for(const CardEvent& e, const core::CardState& card,
                                        const NotifyConfig& config);

}  // namespace kopilka::office
