// GET /v1/cards/{number} and /v1/cards?phone=: the chain-wide truth, in the same shape
// as the register's answer (pos-api.md "Cards"), evaluated at `at` (default now).
#include "core/card_number.h"
#include "core/engine.h"
#include "core/phone.h"
#include "office/chain_settings.h"
#include "office/routes.h"

namespace kopilka::office {

HttpResponse card_view_route(OfficeContext& ctx, const HttpRequest& req) {
  const std::vector<std::string> parts = split_path(req.path);
  auto at_it = req.query.find("at");
  auto at = at_param(ctx, at_it == req.query.end() ? "" : at_it->second);
  if (!at) return status_response(at.status());

  core::Result<std::optional<core::CardState>> card = std::optional<core::CardState>();
  if (parts.size() == 3) {
    if (core::Status c = core::check_card_number(parts[2], "number"); !c) return status_response(c);
    card = ctx.store.load_card(parts[2]);
  } else if (parts.size() == 2 && req.query.count("phone")) {
    // As customers' phones are stored (E.164): "8 (999) 123-45-67" finds "+79991234567".
    const std::string& phone = req.query.at("phone");
    card = ctx.store.find_card_by_phone(core::normalize_phone(phone).value_or(phone));
  } else {
    return error_response(400, "invalid_request", "give a card number or ?phone=", "phone");
  }
  if (!card) return status_response(card.status());
  if (!card->has_value()) return error_response(404, "card_not_found", "no such card");
  core::CardState state = std::move(**card);
  // The chain settings, so head office shows what every register computes.
  auto chain = load_chain_settings(ctx.store, ctx.config);
  if (!chain) return status_response(chain.status());
  return {200, card_answer(ctx, std::move(state), *at, chain->rules)};
}

core::Json card_answer(OfficeContext& ctx, core::CardState state, core::Instant at,
                       const core::Settings& settings) {
  return core::card_view_with_due(std::move(state), ctx.store.programs(), at, settings);
}

}  // namespace kopilka::office
