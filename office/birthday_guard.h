// Support and a birthday that gives points at once. Support's adjustments are held to the
// owner's max_adjust_points; a birthday support set granted its gift on the spot (a card
// looked up after this year's grant day shows the gift, programs.md), a card at a time,
// past that limit: fake customers made the points nobody adjusted. Such gifts now count in
// support's limit as adjustments do (office.md "Staff, roles and audit").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/http_types.h"
#include "core/card_edit.h"
#include "core/time.h"
#include "office/sql.h"
#include "office/storage.h"

namespace kopilka::office {

// The birthday points due on `after` at `now` that are not due on `before`, the card as it
// was: what support gives at once by a birthday typed, a card joined to a customer whose
// birthday is near, or a merge that brings one (a gift is a card's, once a year).
std::int64_t birthday_points_given(Storage& store, const core::CardState& before,
                                   const core::CardState& after, core::Instant now,
                                   const core::Settings& rules);

// The 403 adjust_limit naming `field` when `points` of gifts, beside what `account`
// adjusted in the 24 hours before `now`, pass `limit`; an error answer when the audit cannot
// be read; nothing otherwise (nor for no points).
std::optional<common::HttpResponse> support_gift_refusal(Sql& sql, const std::string& account,
                                                         core::Instant now, std::int64_t points,
                                                         std::int64_t limit, const char* field);

}  // namespace kopilka::office
