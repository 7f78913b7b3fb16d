// POST /v1/wallet/topup (POS token; programs.md "wallet"): money into a card's wallet, with
// the bonus of a wallet_bonus program. Idempotent by topup_id like a receipt: the top-up
// row, the card change and the journal entry (kind "topup", pushed to head office like a
// receipt) are written in one transaction.
#include <spdlog/spdlog.h>

#include "core/card_state.h"
#include "core/wallet_topup.h"
#include "daemon/app.h"

namespace kopilka::daemon {

namespace {

HttpResponse card_refused(const core::CardState& card) {
  // As a receipt answers such a card's loyalty (pos-api `loyalty`): money is not taken
  // onto a card the shop has stopped.
  if (card.status == core::CardStatus::kBlocked)
    return error_response(409, "card_blocked", "card " + card.number + " is blocked", "card");
  return error_response(409, "card_lost", "card " + card.number + " is reported lost", "card");
}

HttpResponse topup(App& app, const HttpRequest& req) {
  auto body = parse_body(req);
  if (!body) return status_response(body.status());
  auto parsed = core::parse_topup_request(*body, app.now());
  if (!parsed) return status_response(parsed.status());
  const core::TopupRequest& r = *parsed;
  const std::string hash = body_hash(*body);

  auto prior = app.store->get_topup(r.topup_id);
  if (!prior) return status_response(prior.status());
  if (prior->has_value()) {
    if ((*prior)->body_sha256 != hash)
      return error_response(409, "topup_conflict",
                            "topup_id " + r.topup_id + " was used with a different body",
                            "topup_id");
    core::Json replay = (*prior)->response;
    replay["replayed"] = true;
    return {200, std::move(replay)};
  }

  auto loaded = load_settled_card(app, r.card, r.at);
  if (!loaded) return status_response(loaded.status());
  if (!loaded->has_value()) return error_response(404, "card_not_found", "no card " + r.card);
  core::CardState card = std::move(**loaded);
  if (card.status != core::CardStatus::kActive) return card_refused(card);

  auto out = core::topup(r, card, app.programs, app.config.settings);
  Status s = write(app, [&]() -> Status {
    auto id = app.store->next_entry_id();
    if (!id) return id.status();
    if (Status e = core::apply_effects(card, out.effects, *id,
                                       core::local_day(r.at, app.config.settings.zone),
                                       core::local_day(app.now(), app.config.settings.zone));
        !e)
      return e;
    if (Status e = app.store->save_card(card, app.now()); !e) return e;
    if (Status e = app.store->insert_topup({r.topup_id, r.card, hash, *id, out.response}); !e)
      return e;
    return app.store->append_journal(
        *id, "topup", r.card, r.at, core::effects_to_json(out.effects),
        core::Json{{"topup_id", r.topup_id}, {"request", *body}, {"response", out.response}});
  });
  if (!s) return status_response(s);
  say_when_durable(app, fmt::format("wallet of card {} topped up by {} (bonus {}, {} points)",
                                    masked(r.card), r.amount, out.bonus, out.bonus_points));
  return {201, std::move(out.response)};
}

}  // namespace

HttpResponse route_wallet(App& app, const HttpRequest& req, const std::vector<std::string>& parts) {
  if (parts.size() != 3 || parts[2] != "topup")
    return error_response(404, "not_found", "no such path");
  if (req.method != "POST") return error_response(405, "method_not_allowed", "use POST");
  return topup(app, req);
}

}  // namespace kopilka::daemon
