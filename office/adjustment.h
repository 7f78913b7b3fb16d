// A points adjustment made at head office, the same on every storage engine: the replay of
// an adjust_id used before, and the card, journal entry and answer a new one makes. The
// engines only read and write the rows.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"

namespace kopilka::office {

// The adjustments row kept for an adjust_id: the card it was for and the answer given.
struct StoredAdjustment {
  std::string card;
  std::string response;
  std::optional<std::string> request;  // adjustment_request_text; none before schema 16
};

// The stored answer, marked replayed, when `prior` exists for this card; nothing when the
// adjust_id is new; kConflict when it was used for another card.
core::Result<std::optional<core::Json>> replay_adjustment(
    const std::optional<StoredAdjustment>& prior, const std::string& number,
    const std::string& adjust_id, const std::optional<std::string>& request = std::nullopt);

// What a new adjustment writes: the card, numbered `seq`, its "office:N" entry and body,
// and the answer to store under the adjust_id.
struct Adjustment {
  core::CardState card;
  std::int64_t seq = 0;
  std::string entry_id;
  core::Json entry_body;
  core::Json response;
  core::CardEffects effects;                // for the report sums (aggregates.h)
  std::vector<core::PointLot> lots_before;  // the card's lots before the adjustment
};

struct AdjustmentRequest {
  std::string adjust_id;
  std::int64_t points = 0;
  std::optional<int> lifetime_days;
  std::string reason;
  core::Instant at = 0;
};

// What is kept of a request to tell a repeat from another request under the same adjust_id:
// points, lifetime_days and reason (not `at`, which a repeat sent later without one moves).
std::string adjustment_request_text(const AdjustmentRequest& request);

// Adjusts the card `loaded` (nothing: kNotFound). `next_number` gives the change number,
// asked only once the card is found.
core::Result<Adjustment> make_adjustment(
    std::optional<core::CardState> loaded, const AdjustmentRequest& request,
    const std::function<core::Result<std::int64_t>()>& next_number, const core::Settings& settings,
    const core::ProgramSet& programs);

// An adjustment request settled: the answer to give, and the adjustment to write when the
// adjust_id is new (nothing when it replays).
struct AdjustmentOutcome {
  core::Json response;
  std::optional<Adjustment> made;
};

// replay_adjustment, then, for a new adjust_id, make_adjustment on the card `load` gives.
core::Result<AdjustmentOutcome> settle_adjustment(
    const std::optional<StoredAdjustment>& prior, const std::string& number,
    const AdjustmentRequest& request,
    const std::function<core::Result<std::optional<core::CardState>>()>& load,
    const std::function<core::Result<std::int64_t>()>& next_number, const core::Settings& settings,
    const core::ProgramSet& programs);

}  // namespace kopilka::office
