// The PostgreSQL engine's cards: lookups, the admin's edit and points adjusted at head
// office, each under the card's lock (pg_store.h) so a push to the same card in another
// process waits for it instead of overwriting it.
#include "office/adjustment.h"
#include "office/aggregates.h"
#include "office/pg_store.h"
#include "office/stored_text.h"

namespace kopilka::office {

using core::CardState;
using core::Json;

Result<std::optional<CardState>> PgStore::load_card(const std::string& number) {
  auto r = db_->exec("SELECT state FROM cards WHERE number = $1", {number});
  if (!r) return r.status();
  if (r->rows() == 0) return std::optional<CardState>();
  auto card = card_from_text(r->text(0, 0));
  if (!card) return card.status();
  return std::optional<CardState>(std::move(*card));
}

Result<std::optional<CardState>> PgStore::find_card_by_phone(const std::string& phone) {
  auto r = db_->exec(
      "SELECT number FROM cards WHERE phone = $1 "
      "ORDER BY state NOT LIKE '%\"status\":\"active\"%', number LIMIT 1",
      {phone});
  if (!r) return r.status();
  if (r->rows() == 0) return std::optional<CardState>();
  return load_card(r->text(0, 0));
}

Result<bool> PgStore::put_card(const CardState& edited) {
  bool created = false;
  Status s = pg_transaction(*db_, [&]() -> Status {
    if (Status l = lock_cards({edited.number}); !l) return l;
    auto old = load_card(edited.number);
    if (!old) return old.status();
    created = !old->has_value();
    CardState card = admin_edited(std::move(*old), edited);
    auto seq = take_numbers(1);
    if (!seq) return seq.status();
    return save_card(card, *seq);
  });
  if (!s) return s;
  return created;
}

Status PgStore::rewrite_cards(const std::vector<std::string>& numbers, const CardRewrite& change) {
  return pg_transaction(*db_, [&]() -> Status {
    if (Status l = lock_cards(numbers); !l) return l;
    std::vector<std::optional<CardState>> loaded;
    for (const std::string& n : numbers) {
      auto card = load_card(n);
      if (!card) return card.status();
      loaded.push_back(std::move(*card));
    }
    auto states = change(loaded);
    if (!states) return states.status();
    if (Status c = check_rewritten(numbers, *states); !c) return c;
    if (states->empty()) return Status::ok();
    // Numbers are taken last (pg_store.h): the rows they number are written right after.
    auto first = take_numbers(static_cast<std::int64_t>(states->size()));
    if (!first) return first.status();
    std::int64_t seq = *first;
    for (const CardState& card : *states)
      if (Status e = save_card(card, seq++); !e) return e;
    return Status::ok();
  });
}

Result<Json> PgStore::adjust_points(const std::string& number, const std::string& adjust_id,
                                    std::int64_t points, std::optional<int> lifetime_days,
                                    const std::string& reason, core::Instant at,
                                    core::Instant received) {
  const core::ProgramSet& programs_now = programs();
  Json response;
  Status s = pg_transaction(*db_, [&]() -> Status {
    if (Status l = lock_cards({number}); !l) return l;
    auto prior = db_->exec("SELECT card, response, request FROM adjustments WHERE adjust_id = $1",
                           {adjust_id});
    if (!prior) return prior.status();
    std::optional<StoredAdjustment> stored;
    if (prior->rows() > 0)
      stored =
          StoredAdjustment{prior->text(0, 0), prior->text(0, 1),
                           prior->is_null(0, 2) ? std::optional<std::string>() : prior->text(0, 2)};
    auto outcome = settle_adjustment(
        stored, number, {adjust_id, points, lifetime_days, reason, at},
        [&] { return load_card(number); },
        [&]() -> Result<std::int64_t> { return take_numbers(1); }, settings_, programs_now);
    if (!outcome) return outcome.status();
    response = std::move(outcome->response);
    if (!outcome->made) return Status::ok();  // replayed
    const Adjustment& made = *outcome->made;
    if (Status e = save_card(made.card, made.seq); !e) return e;
    if (Status e = sum_adjustment(sql_, settings_.zone, made, at); !e) return e;
    if (Status e = db_->run("INSERT INTO entries(id, register_id, kind, card, at, body, received) "
                            "VALUES ($1, 'office', 'adjust', $2, $3::bigint, $4, $5::bigint)",
                            {made.entry_id, number, std::to_string(at), made.entry_body.dump(),
                             std::to_string(received)});
        !e)
      return e;
    return db_->run(
        "INSERT INTO adjustments(adjust_id, card, response, request) VALUES ($1, $2, $3, $4)",
        {adjust_id, number, response.dump(),
         adjustment_request_text({adjust_id, points, lifetime_days, reason, at})});
  });
  if (!s) return s;
  return response;
}

}  // namespace kopilka::office
