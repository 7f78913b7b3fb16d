// The PostgreSQL engine's group commit. Every card the group touches is locked first (one
// global order), so a batch another process applies to the same cards waits; an entry id
// is then looked up under its card's lock, so a batch sent to two processes applies once.
// Numbers are taken last, right before commit (pg_store.h).
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "office/card_text.h"
#include "office/pg_store.h"
#include "office/stored_text.h"

namespace kopilka::office {

using core::CardState;

Status PgStore::apply_pushes(std::vector<PendingPush>& pushes, core::Instant now) {
  for (auto& p : pushes) p.result = PushResult{};
  const std::string at_now = std::to_string(now);
  Status s = pg_transaction(*db_, [&]() -> Status {
    std::vector<std::string> numbers;
    std::set<std::string> registers;
    for (const auto& push : pushes) {
      registers.insert(push.register_id);
      for (const auto& p : push.entries)
        if (!p.card.empty()) numbers.push_back(p.card);
    }
    if (Status l = lock_cards(numbers); !l) return l;
    struct Touched {
      CardState card;
      bool changed = false;  // an entry applied to it (a refused one changes nothing)
    };
    std::unordered_map<std::string, Touched> cards;
    std::map<std::string, std::int64_t> coupon_delta;
    std::unordered_set<std::string> in_group;
    const std::string insert =
        "INSERT INTO entries(id, register_id, kind, card, at, body, received) "
        "VALUES ($1, $2, $3, $4, $5::bigint, $6, $7::bigint) ON CONFLICT (id) DO NOTHING";
    for (PendingPush& push : pushes) {
      for (const PushEntry& p : push.entries) {
        bool seen = in_group.count(p.id) > 0;
        if (!seen) {
          auto r = db_->exec("SELECT 1 FROM entries WHERE id = $1", {p.id});
          if (!r) return r.status();
          seen = r->rows() > 0;
        }
        if (seen) {  // applied before: ack again
          push.result.acked.push_back(p.id);
          continue;
        }
        if (!p.problem) {
          push.result.refused.push_back({p.id, p.problem});
          continue;
        }
        if (!p.card.empty()) {
          auto it = cards.find(p.card);
          if (it == cards.end()) {
            auto loaded = load_card(p.card);
            if (!loaded) return loaded.status();
            Touched t;
            if (loaded->has_value()) {
              t.card = std::move(**loaded);
            } else {
              t.card.number = p.card;
            }
            it = cards.emplace(p.card, std::move(t)).first;
          }
          Status applied = core::apply_effects(it->second.card, p.effects, p.id,
                                               core::local_day(p.at, settings_.zone));
          if (!applied) {  // the card is as it was
            push.result.refused.push_back({p.id, applied.under("effects")});
            continue;
          }
        }
        auto ins = db_->exec(insert, {p.id, push.register_id, p.kind,
                                      p.card.empty() ? std::optional<std::string>() : p.card,
                                      std::to_string(p.at), p.body, at_now});
        if (!ins) return ins.status();
        // A card's entry was looked up under its lock; one without a card may have been
        // applied by another process meanwhile, and then it is only acked.
        in_group.insert(p.id);
        push.result.acked.push_back(p.id);
        if (ins->affected() == 0) continue;
        if (!p.card.empty()) cards[p.card].changed = true;
        for (const auto& program : p.effects.coupon_programs) ++coupon_delta[program];
        for (const auto& program : p.effects.coupon_programs_returned) --coupon_delta[program];
        ++push.result.applied;
      }
    }
    for (const auto& id : registers) {  // in order: two groups never wait on each other here
      if (Status e =
              db_->run("UPDATE registers SET last_push = $2::bigint WHERE id = $1", {id, at_now});
          !e)
        return e;
    }
    std::vector<const Touched*> changed;
    for (const auto& [number, t] : cards)
      if (t.changed) changed.push_back(&t);
    std::int64_t counters = 0;
    for (const auto& [program, delta] : coupon_delta) counters += delta != 0;
    const auto n = static_cast<std::int64_t>(changed.size()) + counters;
    if (n == 0) return Status::ok();
    auto first = take_numbers(n);
    if (!first) return first.status();
    std::int64_t next = *first;
    for (const Touched* t : changed) {
      if (Status e = save_card(t->card, next++); !e) return e;
    }
    for (const auto& [program, delta] : coupon_delta) {
      if (delta == 0) continue;
      if (Status e =
              db_->run("INSERT INTO coupon_totals(program, uses, seq) "
                       "VALUES ($1, $2::bigint, $3::bigint) ON CONFLICT(program) DO UPDATE "
                       "SET uses = greatest(0, coupon_totals.uses + $2::bigint), seq = $3::bigint",
                       {program, std::to_string(delta), std::to_string(next++)});
          !e)
        return e;
    }
    return Status::ok();
  });
  if (!s)
    for (auto& p : pushes) p.result = PushResult{};
  return s;
}

}  // namespace kopilka::office
