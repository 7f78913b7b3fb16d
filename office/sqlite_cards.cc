// The SQLite engine's cards: lookups by number and phone, the admin's edit, and points
// adjusted at head office (journalled as an office entry, idempotent by adjust_id).
#include "office/adjustment.h"
#include "office/aggregates.h"
#include "office/sqlite_store.h"
#include "office/stored_text.h"

namespace kopilka::office {

using common::in_transaction;
using core::CardState;
using core::Json;

Result<std::optional<CardState>> SqliteStore::load_card(const std::string& number) {
  auto st = db_->prepare(kLoadCard);
  if (!st) return st.status();
  return load_card_with(*st, number);
}

Result<std::optional<CardState>> SqliteStore::find_card_by_phone(const std::string& phone) {
  auto st = db_->prepare(
      "SELECT number FROM cards WHERE phone = ?1 "
      "ORDER BY state NOT LIKE '%\"status\":\"active\"%', number LIMIT 1");
  if (!st) return st.status();
  st->bind(1, phone);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<CardState>();
  std::string number = st->text(0);
  st->reset();
  return load_card(number);
}

Result<bool> SqliteStore::put_card(const CardState& edited) {
  bool created = false;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto old = load_card(edited.number);
    if (!old) return old.status();
    created = !old->has_value();
    CardState card = admin_edited(std::move(*old), edited);
    auto seq = read_seq();
    if (!seq) return seq.status();
    if (Status e = save_card(card, *seq + 1); !e) return e;
    return write_seq(*seq + 1);
  });
  if (!s) return s;
  return created;
}

Status SqliteStore::rewrite_cards(const std::vector<std::string>& numbers,
                                  const CardRewrite& change) {
  return in_transaction(*db_, [&]() -> Status {
    std::vector<std::optional<CardState>> loaded;
    for (const std::string& n : numbers) {
      auto card = load_card(n);
      if (!card) return card.status();
      loaded.push_back(std::move(*card));
    }
    auto states = change(loaded);
    if (!states) return states.status();
    if (Status c = check_rewritten(numbers, *states); !c) return c;
    auto seq = read_seq();
    if (!seq) return seq.status();
    std::int64_t next = *seq;
    for (const CardState& card : *states)
      if (Status e = save_card(card, ++next); !e) return e;
    return write_seq(next);
  });
}

Result<Json> SqliteStore::adjust_points(const std::string& number, const std::string& adjust_id,
                                        std::int64_t points, std::optional<int> lifetime_days,
                                        const std::string& reason, core::Instant at,
                                        core::Instant received) {
  Json response;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto prior =
        db_->prepare("SELECT card, response, request FROM adjustments WHERE adjust_id = ?1");
    if (!prior) return prior.status();
    prior->bind(1, adjust_id);
    auto row = prior->step();
    if (!row) return row.status();
    std::optional<StoredAdjustment> stored;
    if (*row)
      stored = StoredAdjustment{prior->text(0), prior->text(1),
                                prior->is_null(2) ? std::optional<std::string>() : prior->text(2)};
    prior->reset();
    auto outcome = settle_adjustment(
        stored, number, {adjust_id, points, lifetime_days, reason, at},
        [&] { return load_card(number); },
        [&]() -> Result<std::int64_t> {
          auto seq = read_seq();
          if (!seq) return seq.status();
          return *seq + 1;
        },
        settings_, programs_);
    if (!outcome) return outcome.status();
    response = std::move(outcome->response);
    if (!outcome->made) return Status::ok();  // replayed
    const Adjustment& made = *outcome->made;
    if (Status e = save_card(made.card, made.seq); !e) return e;
    if (Status e = sum_adjustment(sql_, settings_.zone, made, at); !e) return e;
    auto ins = db_->prepare(
        "INSERT INTO entries(id, register_id, kind, card, at, body, received) "
        "VALUES (?1, 'office', 'adjust', ?2, ?3, ?4, ?5)");
    if (!ins) return ins.status();
    if (Status e = ins->bind(1, made.entry_id)
                       .bind(2, number)
                       .bind(3, at)
                       .bind(4, made.entry_body.dump())
                       .bind(5, received)
                       .run();
        !e)
      return e;
    auto save = db_->prepare(
        "INSERT INTO adjustments(adjust_id, card, response, request) VALUES (?1, ?2, ?3, ?4)");
    if (!save) return save.status();
    const std::string request =
        adjustment_request_text({adjust_id, points, lifetime_days, reason, at});
    if (Status e = save->bind(1, adjust_id)
                       .bind(2, number)
                       .bind(3, response.dump())
                       .bind(4, request)
                       .run();
        !e)
      return e;
    return write_seq(made.seq);
  });
  if (!s) return s;
  return response;
}

}  // namespace kopilka::office
