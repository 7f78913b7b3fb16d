// Support and a birthday that gives points at once; see birthday_guard.h.
#include "office/birthday_guard.h"

#include <string>

#include "core/engine.h"
#include "office/audit.h"

namespace kopilka::office {

namespace {

std::int64_t birthday_points_due(Storage& store, const core::CardState& card, core::Instant now,
                                 const core::Settings& rules) {
  std::int64_t points = 0;
  for (const auto& lot : core::due_time_effects(card, store.programs(), now, rules).new_lots)
    points += lot.remaining;
  return points;
}

}  // namespace

std::int64_t birthday_points_given(Storage& store, const core::CardState& before,
                                   const core::CardState& after, core::Instant now,
                                   const core::Settings& rules) {
  const std::int64_t given = birthday_points_due(store, after, now, rules) -
                             birthday_points_due(store, before, now, rules);
  return given > 0 ? given : 0;
}

std::optional<common::HttpResponse> support_gift_refusal(Sql& sql, const std::string& account,
                                                         core::Instant now, std::int64_t points,
                                                         std::int64_t limit, const char* field) {
  if (points <= 0) return std::nullopt;
  auto moved = points_adjusted_by(sql, account, now - 24 * 60 * 60);
  if (!moved) return common::status_response(moved.status());
  const std::int64_t earlier = *moved;
  if (points <= limit && earlier <= limit - points) return std::nullopt;
  return common::error_response(403, "adjust_limit",
                                "this birthday gives a gift of " + std::to_string(points) +
                                    " points at once, which counts in the support role's " +
                                    std::to_string(limit) +
                                    " points in 24 hours (this account adjusted " +
                                    std::to_string(earlier) + "): the owner sets it",
                                field);
}

}  // namespace kopilka::office
