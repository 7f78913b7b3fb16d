// Head office's points adjustment, shared by both storage engines (adjustment.h).
#include "office/adjustment.h"

#include "core/card_replacement.h"
#include "core/effects.h"
#include "office/stored_text.h"

namespace kopilka::office {

using core::Json;
using core::Result;
using core::Status;

std::string adjustment_request_text(const AdjustmentRequest& request) {
  return Json{{"points", request.points},
              {"lifetime_days", request.lifetime_days ? Json(*request.lifetime_days) : Json()},
              {"reason", request.reason}}
      .dump();
}

Result<std::optional<Json>> replay_adjustment(const std::optional<StoredAdjustment>& prior,
                                              const std::string& number,
                                              const std::string& adjust_id,
                                              const std::optional<std::string>& request) {
  if (!prior) return std::optional<Json>();
  if (prior->card != number)
    return Status::conflict("adjust_id " + adjust_id + " was used for another card");
  if (request && prior->request && *prior->request != *request)
    return Status::conflict("adjust_id " + adjust_id + " was used with another request");
  auto stored = parse_stored(prior->response, "an adjustment");
  if (!stored) return stored.status();
  Json response = std::move(*stored);
  response["replayed"] = true;
  return std::optional<Json>(std::move(response));
}

Result<Adjustment> make_adjustment(std::optional<core::CardState> loaded,
                                   const AdjustmentRequest& request,
                                   const std::function<Result<std::int64_t>()>& next_number,
                                   const core::Settings& settings,
                                   const core::ProgramSet& programs) {
  if (!loaded) return Status::not_found("card not found");
  // Its points are on the replacement: adjusted here they would be a debt on a lost card.
  if (auto by = core::replacement_of(*loaded); !by.empty())
    return Status::invalid(
        "card " + loaded->number + " was replaced by " + std::string(by) + ": adjust that card",
        "number");
  if (Status g = core::check_points_adjustable(*loaded); !g) return g;
  Adjustment a;
  a.card = std::move(*loaded);
  auto effects =
      core::adjustment_effects(a.card, request.points, request.lifetime_days, request.at, settings);
  auto seq = next_number();
  if (!seq) return seq.status();
  a.seq = *seq;
  a.entry_id = "office:" + std::to_string(a.seq);
  a.lots_before = a.card.lots;
  if (Status e = core::apply_effects(a.card, effects, a.entry_id,
                                     core::local_day(request.at, settings.zone));
      !e)
    return e;
  a.entry_body = {{"id", a.entry_id},
                  {"kind", "adjust"},
                  {"adjust_id", request.adjust_id},
                  {"reason", request.reason},
                  {"points", request.points},
                  {"effects", core::effects_to_json(effects)}};
  a.effects = effects;
  // As GET /v1/cards shows the card: a birthday gift due by then included, so the answer's
  // balance (and the audit's either side of it) is the one staff see beside it.
  a.response = core::card_view_with_due(a.card, programs, request.at, settings);
  a.response["adjust_id"] = request.adjust_id;
  return a;
}

Result<AdjustmentOutcome> settle_adjustment(
    const std::optional<StoredAdjustment>& prior, const std::string& number,
    const AdjustmentRequest& request,
    const std::function<Result<std::optional<core::CardState>>()>& load,
    const std::function<Result<std::int64_t>()>& next_number, const core::Settings& settings,
    const core::ProgramSet& programs) {
  auto replay =
      replay_adjustment(prior, number, request.adjust_id, adjustment_request_text(request));
  if (!replay) return replay.status();
  if (*replay) return AdjustmentOutcome{std::move(**replay), std::nullopt};
  auto loaded = load();
  if (!loaded) return loaded.status();
  auto made = make_adjustment(std::move(*loaded), request, next_number, settings, programs);
  if (!made) return made.status();
  Json response = made->response;
  return AdjustmentOutcome{std::move(response), std::move(*made)};
}

}  // namespace kopilka::office
