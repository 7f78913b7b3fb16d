// GET /v1/cards/{number} and /v1/cards?phone=: a card as of `at`. A birthday grant that
// has come due by the register's clock is journalled once, here, so the customer sees it
// whether or not they buy; one due only at another `at` is shown, and journalled by a
// receipt at that `at` (load_settled_card).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "core/card_number.h"
#include "core/phone.h"
#include "daemon/app.h"

namespace kopilka::daemon {

namespace {

// What is due on `card` at `at`; with `clock`, only the birthday gifts of the years due by
// then too. A look-up "as of" each past year's birthday week would otherwise grant every
// past year's gift in turn, each year later than the last one granted.
core::CardEffects due_effects(App& app, const core::CardState& card, core::Instant at,
                              std::optional<core::Instant> clock) {
  core::CardEffects due = core::due_time_effects(card, app.programs, at, app.config.settings);
  if (!clock || due.empty()) return due;
  core::CardState never_granted = card;
  never_granted.birthday_granted_year.clear();
  const core::CardEffects current =
      core::due_time_effects(never_granted, app.programs, *clock, app.config.settings);
  const auto current_year = [&](const std::string& program, int year) {
    return std::any_of(current.birthday_grants.begin(), current.birthday_grants.end(),
                       [&](const auto& c) { return c.first == program && year >= c.second; });
  };
  core::CardEffects kept = due;
  kept.birthday_grants.clear();
  for (const auto& [program, year] : due.birthday_grants)
    if (current_year(program, year)) kept.birthday_grants.emplace_back(program, year);
  // A grant's lot carries its program.
  std::erase_if(kept.new_lots, [&](const core::PointLot& lot) {
    return std::none_of(kept.birthday_grants.begin(), kept.birthday_grants.end(),
                        [&](const auto& g) { return g.first == lot.program; });
  });
  if (kept.new_lots.empty()) return core::CardEffects{};
  return kept;
}

// Journals the time effects due on `card` at `at` (once) and applies them to `card`; with
// `clock`, only those of the current years (due_effects). When storage cannot write, the
// card is shown as it will be once it can, and the error is returned: a caller that goes
// on to save the card must stop, or the grant would be stored without its journal entry and
// never reach head office.
Status settle_time_effects(App& app, core::CardState& card, core::Instant at,
                           std::optional<core::Instant> clock = std::nullopt) {
  auto due = due_effects(app, card, at, clock);
  if (due.empty()) return Status::ok();
  // Journalled at `at`: a clock outside the business times (a look-up settles at the
  // clock) would journal what head office refuses. Shown, not journalled.
  if (Status c = core::clock_business_time(at).status(); !c) {
    (void)core::apply_effects(card, due, "pending", core::local_day(at, app.config.settings.zone));
    return c;
  }
  core::Day today = core::local_day(at, app.config.settings.zone);
  core::CardState updated = card;
  Status s = write(app, [&]() -> Status {
    // Read again inside the transaction: a slice of the sync may have changed the card
    // since it was read (daemon/syncer.h), and saving the older copy would undo that.
    auto fresh = app.store->load_card(card.number);
    if (!fresh) return fresh.status();
    if (!fresh->has_value()) return Status::not_found("no such card");
    updated = std::move(**fresh);
    due = due_effects(app, updated, at, clock);
    if (due.empty()) return Status::ok();
    auto id = app.store->next_entry_id();
    if (!id) return id.status();
    // Folded from the earlier of its day and the clock's: a grant dated ahead never folds
    // away lots still good today.
    const core::Day clock_day = core::local_day(app.now(), app.config.settings.zone);
    if (Status e = core::apply_effects(updated, due, *id, today, clock_day); !e) return e;
    if (Status e = app.store->save_card(updated, app.now()); !e) return e;
    // Dated the day the gift was due (programs.md: "that day is their day D"), not when a
    // till happened to look the card up: head office's reports count it on that day.
    core::Instant dated = at;
    for (const auto& lot : due.new_lots)
      dated = std::min(dated, core::start_of_day(lot.earned_day, app.config.settings.zone));
    return app.store->append_journal(*id, "birthday", card.number, dated,
                                     core::effects_to_json(due), core::Json{{"card", card.number}});
  });
  if (!s) {
    spdlog::warn("birthday grant for card {} not journalled yet: {}", masked(card.number),
                 s.message());
    (void)core::apply_effects(card, due, "pending", today,
                              core::local_day(app.now(), app.config.settings.zone));  // shown only
    return s;
  }
  card = std::move(updated);
  return Status::ok();
}

}  // namespace

core::Result<std::optional<core::CardState>> load_settled_card(App& app, const std::string& number,
                                                               core::Instant at) {
  auto card = app.store->load_card(number);
  if (!card || !card->has_value()) return card;
  // Settled at the receipt's own time: a gift due then is the card's, and the receipt may
  // spend it, whatever the register's clock says (a look-up journals only what is due by
  // the clock, and shows the rest).
  if (Status s = settle_time_effects(app, **card, at); !s) return s;
  return card;
}

HttpResponse route_cards(App& app, const HttpRequest& req, const std::vector<std::string>& parts) {
  // /v1/cards/{number}/points and the like are the admin's paths (/v1/admin/cards/…).
  if (parts.size() > 3) return error_response(404, "not_found", "no such path");
  if (req.method != "GET") return error_response(405, "method_not_allowed", "use GET");
  auto at = query_at(app, req);
  if (!at) return status_response(at.status());
  core::Result<std::optional<core::CardState>> card = std::optional<core::CardState>();
  if (parts.size() == 3) {
    if (core::Status c = core::check_card_number(parts[2], "number"); !c) return status_response(c);
    card = app.store->load_card(parts[2]);
  } else if (parts.size() == 2 && req.query.count("phone")) {
    // As customers' phones are stored (E.164): "8 (999) 123-45-67" finds "+79991234567".
    const std::string& phone = req.query.at("phone");
    // An empty one is a POS's form sent blank: a mistake to say, not "no such card".
    if (phone.find_first_not_of(' ') == std::string::npos)
      return error_response(400, "invalid_request", "give a phone number", "phone");
    card = app.store->find_card_by_phone(core::normalize_phone(phone).value_or(phone));
  } else {
    return error_response(400, "invalid_request", "give a card number or ?phone=", "phone");
  }
  if (!card) return status_response(card.status());
  if (!card->has_value()) return error_response(404, "card_not_found", "no such card");
  // A lookup answers even when the grant cannot be journalled yet (it is shown as due).
  // Only what is due now is journalled: a look-up "as of" another moment is a question.
  // Answering one as of next year must not hand out next year's gift today, and answering
  // one as of each past year must not hand out every past year's gift one by one.
  const core::Instant now = app.now();
  (void)settle_time_effects(app, **card, std::min(*at, now), now);
  if (*at > now) {
    auto due = core::due_time_effects(**card, app.programs, *at, app.config.settings);
    if (!due.empty())
      core::apply_effects(**card, due, "due", core::local_day(*at, app.config.settings.zone));
  }
  return {200, core::card_view(**card, app.programs, *at, app.config.settings)};
}

}  // namespace kopilka::daemon
