// The PostgreSQL engine's group commit. Every card the group touches is locked first (one
// global order), so a batch another process applies to the same cards waits; entry ids
// are then looked up under those locks, so a batch sent to two processes applies once.
// A group costs a handful of round trips, not a few per entry: ids, cards and new entries
// travel as arrays. Numbers are taken last, right before commit (pg_store.h).
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/card_replacement.h"
#include "core/card_state_text.h"
#include "core/referral.h"
#include "office/aggregates.h"
#include "office/pg_store.h"
#include "office/push_apply.h"
#include "office/stored_text.h"
#include "office/technician_returns.h"

namespace kopilka::office {

using core::CardState;

namespace {

using Texts = std::vector<std::optional<std::string>>;

struct Touched {
  CardState card;
  bool changed = false;  // an entry applied to it (a refused one changes nothing)
  // Its own customer's report rows as its row has them ("": none, or no row); nullopt: not
  // read with the card (report_customer_rows.h).
  std::optional<std::string> report_rows;
};

}  // namespace

Status PgStore::apply_pushes(std::vector<PendingPush>& pushes, core::Instant now) {
  for (auto& p : pushes) p.result = PushResult{};
  const std::string at_now = std::to_string(now);
  Status s = pg_transaction(*db_, [&]() -> Status {
    std::set<std::string> numbers;
    Texts ids;
    for (const auto& push : pushes) {
      for (const auto& p : push.entries) {
        ids.push_back(p.id);
        if (!p.card.empty()) numbers.insert(p.card);
        // A referrer's card is locked with the others, in the same order: two groups
        // rewarding each other's cards never wait on each other.
        if (!p.card.empty() && p.effects.referral) numbers.insert(p.effects.referral->referrer);
      }
    }
    if (Status l = lock_cards({numbers.begin(), numbers.end()}); !l) return l;
    auto seen_rows =
        db_->exec("SELECT id, kind, coalesce(card, ''), at FROM entries WHERE id = ANY($1::text[])",
                  {pg_text_array(ids)});
    if (!seen_rows) return seen_rows.status();
    std::unordered_set<std::string> seen;  // applied before, or earlier in this group
    std::unordered_map<std::string, StoredEntry> stored;  // applied before
    for (int i = 0; i < seen_rows->rows(); ++i) {
      seen.insert(seen_rows->text(i, 0));
      stored[seen_rows->text(i, 0)] =
          StoredEntry{seen_rows->text(i, 1), seen_rows->text(i, 2), seen_rows->int64(i, 3)};
    }
    std::unordered_map<std::string, Touched> cards;
    auto loaded = db_->exec(
        "SELECT number, state, coalesce(report_rows, '') FROM cards WHERE number = "
        "ANY($1::text[])",
        {pg_text_array(Texts(numbers.begin(), numbers.end()))});
    if (!loaded) return loaded.status();
    for (int i = 0; i < loaded->rows(); ++i) {
      auto card = card_from_text(loaded->text(i, 1));
      if (!card) return card.status();
      Touched& t = cards[loaded->text(i, 0)];
      t.card = std::move(*card);
      t.report_rows = loaded->text(i, 2);
    }
    for (const auto& n : numbers) {  // new cards start empty
      Touched& t = cards[n];
      t.card.number = n;
      if (!t.report_rows) t.report_rows.emplace();
    }
    // Cards found only once the entries' cards are read: locked after them, then read.
    auto lock_and_load = [&](const std::set<std::string>& more) -> Status {
      if (Status l = lock_cards({more.begin(), more.end()}); !l) return l;
      for (const auto& n : more) {
        auto card = load_card(n);
        if (!card) return card.status();
        cards[n].card = card->has_value() ? std::move(**card) : CardState{};
        cards[n].card.number = n;
      }
      return Status::ok();
    };
    // A lost card's entries change its replacement (core/card_replacement.h), locked now,
    // after the others, as a corrected referrer's card is below, and for the same reason.
    for (int hop = 0; hop < core::kMaxReplacements; ++hop) {
      std::set<std::string> replacements;
      for (const auto& [n, t] : cards)
        if (std::string by(core::replacement_of(t.card)); !by.empty() && !cards.count(by))
          replacements.insert(by);
      if (replacements.empty()) break;
      if (Status l = lock_and_load(replacements); !l) return l;
    }
    auto holder = [&](const std::string& number) -> Touched& {
      return cards[core::card_holding(number, [&](const std::string& n) -> const CardState* {
        auto it = cards.find(n);
        return it == cards.end() ? nullptr : &it->second.card;
      })];
    };
    // A referral share goes to the referrer the referee's state names (core/referral.h),
    // which differs from the entry's only when the referrer was corrected or its card
    // replaced since; that card is locked now, after the others. Rare, and should it meet
    // another group locking the other way, PostgreSQL ends one and its register pushes again.
    std::set<std::string> referrers;
    for (const auto& push : pushes)
      for (const auto& p : push.entries)
        if (!p.card.empty() && p.effects.referral && holder(p.card).card.referral)
          if (const auto& by = holder(p.card).card.referral->by; !cards.count(by))
            referrers.insert(by);
    if (!referrers.empty())
      if (Status l = lock_and_load(referrers); !l) return l;

    // Entries to insert, with the push they belong to.
    std::vector<std::pair<PendingPush*, const PushEntry*>> fresh;
    Aggregates report(sql_, settings_.zone);  // the report sums, in this transaction
    const std::vector<core::PointLot> no_lots;
    for (PendingPush& push : pushes) {
      // Applied on the day of the register's store, as the register applied it.
      auto zone = report.register_zone(push.register_id);
      if (!zone) return zone.status();
      for (const PushEntry& p : push.entries) {
        const auto held = stored.find(p.id);
        if (settle_without_card(push.result, p, seen.count(p.id) > 0,
                                held == stored.end() ? nullptr : &held->second))
          continue;
        if (p.from_technician && (p.kind == "refund" || p.kind == "cancel")) {
          // This group's entries are inserted at its end: its earlier ones are passed.
          std::vector<const PushEntry*> earlier;
          for (const auto& [of, e] : fresh)
            if (of->register_id == push.register_id) earlier.push_back(e);
          if (Status refused = check_technician_return(sql_, push.register_id, p, earlier);
              !refused) {
            if (refused.code() != core::Code::kInvalid) return refused;
            push.result.refused.push_back({p.id, refused});
            continue;
          }
        }
        Touched* t = p.card.empty() ? nullptr : &holder(p.card);
        Touched* referrer = nullptr;
        if (t)
          if (auto number = core::referrer_due(t->card, p.effects)) referrer = &cards[*number];
        const auto lots_before = t ? t->card.lots : no_lots;
        const auto counted = gifts_as_counted(t ? &t->card : nullptr, p.kind, p.effects);
        AppliedReferral shares;
        if (t) shares = applied_referral(t->card, p.effects, referrer ? &referrer->card : nullptr);
        if (!apply_pushed(push.result, p, t ? &t->card : nullptr,
                          referrer ? &referrer->card : nullptr, *zone, now))
          continue;
        if (referrer) referrer->changed = true;
        shares.referrer_after = referrer ? &referrer->card : nullptr;
        // An entry without a card is summed once it is known to be new (below).
        if (t)
          if (Status e = report.add(aggregate_entry(
                  push.register_id, p.kind, p.body, p.at, counted ? *counted : p.effects,
                  lots_before, &t->card, p.report ? &*p.report : nullptr, &shares, p.id));
              !e)
            return e;
        if (t) t->changed = true;
        seen.insert(p.id);
        fresh.emplace_back(&push, &p);
      }
    }
    std::map<std::string, std::int64_t> coupon_delta;
    if (!fresh.empty()) {
      Texts id, reg, kind, card, at, body;
      for (const auto& [push, p] : fresh) {
        id.push_back(p->id);
        reg.push_back(push->register_id);
        kind.push_back(p->kind);
        card.push_back(p->card.empty() ? std::optional<std::string>() : p->card);
        at.push_back(std::to_string(p->at));
        body.push_back(p->body);
      }
      auto inserted = db_->exec(
          "INSERT INTO entries(id, register_id, kind, card, at, body, received) "
          "SELECT i, r, k, c, a, b, $7::bigint FROM unnest($1::text[], $2::text[], $3::text[], "
          "$4::text[], $5::bigint[], $6::text[]) AS t(i, r, k, c, a, b) "
          "ON CONFLICT (id) DO NOTHING RETURNING id",
          {pg_text_array(id), pg_text_array(reg), pg_text_array(kind), pg_text_array(card),
           pg_text_array(at), pg_text_array(body), at_now});
      if (!inserted) return inserted.status();
      std::unordered_set<std::string> new_ids;
      for (int i = 0; i < inserted->rows(); ++i) new_ids.insert(inserted->text(i, 0));
      for (const auto& [push, p] : fresh) {
        // A card's entry was looked up under its lock; one without a card may have been
        // applied by another process meanwhile, and then it is only acked.
        if (!new_ids.count(p->id)) continue;
        ++push->result.applied;
        if (p->kind == "adjust") {
          auto zone = report.register_zone(push->register_id);
          if (!zone) return zone.status();
          if (Status a = audit_register_adjustment(sql_, *push, *p, *zone, now); !a) return a;
        }
        if (p->card.empty())
          if (Status e =
                  report.add(aggregate_entry(push->register_id, p->kind, p->body, p->at, p->effects,
                                             no_lots, nullptr, p->report ? &*p->report : nullptr));
              !e)
            return e;
        for (const auto& program : p->effects.coupon_programs) ++coupon_delta[program];
        for (const auto& program : p->effects.coupon_programs_returned) --coupon_delta[program];
      }
    }
    std::map<std::string, bool> registers;  // → caught up by its last push in the group
    for (const auto& push : pushes) registers[push.register_id] = caught_up_by(push);
    for (const auto& [id, caught_up] :
         registers) {  // in order: two groups never wait on each other
      if (Status e = db_->run(
              "UPDATE registers SET last_push = $2::bigint, caught_up = CASE WHEN $3 = '1' THEN "
              "$2::bigint ELSE caught_up END, uploads_open = NULL WHERE id = $1",
              {id, at_now, std::string(caught_up ? "1" : "0")});
          !e)
        return e;
    }
    std::vector<const Touched*> changed;
    for (const auto& [number, t] : cards)
      if (t.changed) changed.push_back(&t);
    std::int64_t counters = 0;
    for (const auto& [program, delta] : coupon_delta) counters += delta != 0;
    const auto n = static_cast<std::int64_t>(changed.size()) + counters;
    // The report sums before the cards, whose rows take their own customers' report rows
    // with them (report_customer_rows.h): a card's row is written once.
    CardRowLists lists;
    for (const Touched* t : changed) lists.cards.emplace(t->card.number, t->report_rows);
    if (Status e = report.flush(&lists); !e) return e;
    if (n == 0) return Status::ok();
    auto first = take_numbers(n);
    if (!first) return first.status();
    std::int64_t next = *first;
    Texts number, phone, state, seq, report_rows;
    for (const Touched* t : changed) {
      number.push_back(t->card.number);
      phone.push_back(phone_of(t->card));
      state.push_back(card_state_text(t->card));
      seq.push_back(std::to_string(next++));
      const auto list = lists.to_write.find(t->card.number);
      report_rows.push_back(list == lists.to_write.end()
                                ? std::nullopt
                                : std::optional<std::string>(std::move(list->second)));
    }
    if (Status e = db_->run(
            "INSERT INTO cards(number, phone, state, seq, report_rows) SELECT * FROM "
            "unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) "
            "ON CONFLICT(number) DO UPDATE SET phone = excluded.phone, state = excluded.state, "
            "seq = excluded.seq, report_rows = coalesce(excluded.report_rows, cards.report_rows)",
            {pg_text_array(number), pg_text_array(phone), pg_text_array(state), pg_text_array(seq),
             pg_text_array(report_rows)});
        !e)
      return e;
    for (const auto& [program, delta] : coupon_delta) {
      if (delta == 0) continue;
      if (Status e = db_->run(
              "INSERT INTO coupon_totals(program, uses, seq) VALUES ($1, $2::bigint, $3::bigint) "
              "ON CONFLICT(program) DO UPDATE "
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
