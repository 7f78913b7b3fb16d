// The SQLite engine's side of a push: group commit of validated batches, each entry id
// applied once (the entries table), cards loaded and saved once per group.
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/card_replacement.h"
#include "core/card_state_text.h"
#include "core/referral.h"
#include "office/aggregates.h"
#include "office/push_apply.h"
#include "office/sqlite_store.h"
#include "office/stored_text.h"
#include "office/technician_returns.h"

namespace kopilka::office {

using common::in_transaction;
using core::CardState;
using core::Json;

// Group commit: every batch waiting when the server gets to them goes into one
// transaction, so one fsync serves many registers at the shift-close storm. Cards are
// loaded once and saved once per group, whatever number of entries touched them.
Status SqliteStore::apply_pushes(std::vector<PendingPush>& pushes, core::Instant now) {
  for (auto& p : pushes) p.result = PushResult{};
  return in_transaction(*db_, [&]() -> Status {
    auto seq = read_seq();
    if (!seq) return seq.status();
    std::int64_t next = *seq;
    struct Touched {
      CardState card;
      bool stored = false;                      // the card has a row already
      std::optional<std::string> stored_phone;  // and this phone in it
      bool changed = false;     // an entry applied to it (a refused one changes nothing)
      std::string report_rows;  // its own customer's report rows, as its row has them
    };
    std::unordered_map<std::string, Touched> cards;  // touched in this group
    std::map<std::string, std::int64_t> coupon_delta;
    std::unordered_set<std::string> in_group;  // ids applied earlier in this group
    Aggregates report(sql_, settings_.zone);   // the report sums, in this transaction
    // Each statement is prepared once per group, not once per entry.
    auto exists = db_->prepare("SELECT kind, coalesce(card, ''), at FROM entries WHERE id = ?1");
    if (!exists) return exists.status();
    auto insert = db_->prepare(
        "INSERT INTO entries(id, register_id, kind, card, at, body, received) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert) return insert.status();
    auto last_push = db_->prepare(
        "UPDATE registers SET last_push = ?2, caught_up = CASE WHEN ?3 THEN ?2 ELSE caught_up "
        "END, uploads_open = NULL WHERE id = ?1");
    if (!last_push) return last_push.status();
    auto load = db_->prepare(kLoadCard);
    if (!load) return load.status();
    for (PendingPush& push : pushes) {
      // Applied on the day of the register's store, as the register applied it.
      auto zone = report.register_zone(push.register_id);
      if (!zone) return zone.status();
      for (const PushEntry& p : push.entries) {
        exists->bind(1, p.id);
        auto seen = exists->step();
        if (!seen) return seen.status();
        std::optional<StoredEntry> stored;
        if (*seen) stored = StoredEntry{exists->text(0), exists->text(1), exists->int64(2)};
        exists->reset();
        if (settle_without_card(push.result, p, *seen || in_group.count(p.id) > 0,
                                stored ? &*stored : nullptr))
          continue;
        if (p.from_technician && (p.kind == "refund" || p.kind == "cancel"))
          if (Status held = check_technician_return(sql_, push.register_id, p, {}); !held) {
            if (held.code() != core::Code::kInvalid) return held;
            push.result.refused.push_back({p.id, held});
            continue;
          }
        // The card an entry touches, loaded on first use; a referrer's card too.
        auto touch = [&](const std::string& number) -> core::Result<Touched*> {
          auto it = cards.find(number);
          if (it == cards.end()) {
            Touched t;
            auto loaded = load_card_with(*load, number, &t.report_rows);
            if (!loaded) return loaded.status();
            if (loaded->has_value()) {
              t.card = std::move(**loaded);
              t.stored = true;
              t.stored_phone = phone_of(t.card);
            } else {
              t.card.number = number;
            }
            it = cards.emplace(number, std::move(t)).first;
          }
          return &it->second;
        };
        core::CardState* card = nullptr;
        Touched* holder = nullptr;
        Touched* referrer = nullptr;
        if (!p.card.empty()) {
          // A lost card's entry changes its replacement (core/card_replacement.h).
          auto t = touch(p.card);
          for (int hop = 0; t && hop < core::kMaxReplacements; ++hop) {
            std::string_view by = core::replacement_of((*t)->card);
            if (by.empty()) break;
            t = touch(std::string(by));
          }
          if (!t) return t.status();
          holder = *t;
          card = &holder->card;
          if (auto number = core::referrer_due(*card, p.effects)) {
            auto r = touch(*number);
            if (!r) return r.status();
            referrer = *r;  // an unordered_map keeps `card`'s address on insert
          }
        }
        const auto lots_before = card ? card->lots : std::vector<core::PointLot>{};
        const auto counted = gifts_as_counted(card, p.kind, p.effects);
        AppliedReferral shares;
        if (card) shares = applied_referral(*card, p.effects, referrer ? &referrer->card : nullptr);
        if (!apply_pushed(push.result, p, card, referrer ? &referrer->card : nullptr, *zone, now))
          continue;
        if (referrer) referrer->changed = true;
        shares.referrer_after = referrer ? &referrer->card : nullptr;
        if (Status e = report_sums_ ? report.add(aggregate_entry(
                                          push.register_id, p.kind, p.body, p.at,
                                          counted ? *counted : p.effects, lots_before, card,
                                          p.report ? &*p.report : nullptr, &shares, p.id))
                                    : Status::ok();
            !e)
          return e;
        in_group.insert(p.id);
        if (holder) holder->changed = true;
        for (const auto& program : p.effects.coupon_programs) ++coupon_delta[program];
        for (const auto& program : p.effects.coupon_programs_returned) --coupon_delta[program];
        Status e = insert->bind(1, p.id)
                       .bind(2, push.register_id)
                       .bind(3, p.kind)
                       .bind_optional(4, p.card.empty() ? std::optional<std::string>() : p.card)
                       .bind(5, p.at)
                       .bind(6, p.body)
                       .bind(7, now)
                       .run();
        if (!e) return e;
        if (Status a = audit_register_adjustment(sql_, push, p, *zone, now); !a) return a;
        ++push.result.applied;
      }
      if (Status e = last_push->bind(1, push.register_id)
                         .bind(2, now)
                         .bind(3, std::int64_t{caught_up_by(push)})
                         .run();
          !e)
        return e;
    }
    // The report sums before the cards, whose rows take their own customers' report rows
    // with them: a card's row is written once.
    CardRowLists lists;
    for (auto& [number, t] : cards)
      if (t.changed && report_sums_) lists.cards.emplace(number, std::move(t.report_rows));
    if (Status e = report_sums_ ? report.flush(&lists) : Status::ok(); !e) return e;
    auto save = db_->prepare(kSaveCard);
    if (!save) return save.status();
    auto update = db_->prepare(kUpdateCardState);
    if (!update) return update.status();
    for (const auto& [number, t] : cards) {
      if (!t.changed) continue;
      const auto list = lists.to_write.find(number);
      const std::string* rows = list == lists.to_write.end() ? nullptr : &list->second;
      if (!t.stored || phone_of(t.card) != t.stored_phone) {
        if (Status e = save_card_with(*save, t.card, ++next, rows); !e) return e;
        continue;
      }
      update->bind(1, number).bind(2, card_state_text(t.card)).bind(3, ++next);
      if (Status e = (rows ? update->bind_borrowed(4, *rows) : update->bind_null(4)).run(); !e)
        return e;
    }
    for (const auto& [program, delta] : coupon_delta) {
      if (delta == 0) continue;
      auto up = db_->prepare(
          "INSERT INTO coupon_totals(program, uses, seq) VALUES (?1, ?2, ?3) "
          "ON CONFLICT(program) DO UPDATE SET uses = max(0, uses + ?2), seq = ?3");
      if (!up) return up.status();
      if (Status e = up->bind(1, program).bind(2, delta).bind(3, ++next).run(); !e) return e;
    }
    return next != *seq ? write_seq(next) : Status::ok();
  });
}

}  // namespace kopilka::office
