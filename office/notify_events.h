// Which notifications a card's state calls for (office.md "Notifications"): points burning
// within expiry_warning_days (one per card and burn date), the welcome after the first
// purchase, a birthday gift granted this year, and a new level reached. Each becomes one
// message per channel the chain has (e-mail, SMS, every webhook that takes the event),
// keyed so that it is queued once, however often the card is looked at.
#pragma once

#include <map>
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

// The events `card` calls for on `today`. `level_before` is the card's level percent per
// level program when it was last looked at (none: first look, which reaches no level).
std::vector<CardEvent> card_events(const core::CardState& card, const core::ProgramSet& programs,
                                   core::Instant now, const core::Settings& settings,
                                   const std::map<std::string, std::string>& level_before);

// The card's level per level program now ("program" → percent as text).
std::map<std::string, std::string> card_levels(const core::CardState& card,
                                               const core::ProgramSet& programs, core::Instant now,
                                               const core::Settings& settings);

// One message per channel for an event: e-mail and SMS to the card's customer (consent is
// checked when it is sent), and each webhook that takes the event.
std::vector<QueuedMessage> messages_for(const CardEvent& e, const core::CardState& card,
                                        const NotifyConfig& config);

}  // namespace kopilka::office
