// The pull half of a sync run: how a pulled page becomes local state (head office's card
// state, then this register's unacknowledged entries re-applied on top; programs, counters
// and the chain settings; with the cursor, a slice of the page per transaction).
#include <algorithm>
#include <set>

#include <spdlog/spdlog.h>

#include "core/card_number.h"
#include "core/card_replacement.h"
#include "core/card_state_json.h"
#include "core/effects.h"
#include "core/json_exact.h"
#include "register/chain_settings.h"
#include "register/replaced_entries.h"
#include "register/sync_run.h"

namespace kopilka::daemon {

using core::Json;
using core::Status;

namespace {

// A card change's state, read and checked, with its text as sent.
core::Result<PulledCard> read_pulled_card(const Json& state) {
  auto card = core::card_state_from_json(state);
  if (!card) return card.status();
  std::optional<std::string> phone;
  if (card->customer && card->customer->phone) phone = card->customer->phone;
  std::string number = card->number;
  return PulledCard{std::move(*card), std::move(number), std::move(phone), state.dump()};
}

// Chain settings as head office sent them, checked as the config file is: settings this
// register cannot use keep nothing of the slice, like a program it cannot use.
Status check_office_settings(const Json& settings, const std::string& where) {
  if (auto checked = with_office_settings(core::Settings{}, settings); !checked)
    return Status::invalid("head office sent chain settings this register cannot use: " +
                               checked.status().field() + " " + checked.status().message(),
                           where);
  return Status::ok();
}

}  // namespace

PulledCards read_pulled_cards(Json& body) {
  PulledCards cards;
  if (!body.is_object() || !body.contains("changes") || !body["changes"].is_array()) return cards;
  Json& changes = body["changes"];
  cards.resize(changes.size());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    Json& c = changes[i];
    if (!c.is_object() || c.value("type", Json()) != "card" || !c.contains("state")) continue;
    auto card = read_pulled_card(c["state"]);
    if (!card) continue;
    cards[i] = std::move(*card);
    c.erase("state");
  }
  return cards;
}

void SyncRun::take_pull(OfficeAnswer& a, PulledCards cards) {
  if (!a.text.empty()) cards = read_pulled_page(a);  // not read on a worker (the CLI)
  Json& b = a.body;
  // Every field is type-checked here: a malformed answer must fail the run, never throw
  // out of the event loop.
  if (!b.is_object() || !b.contains("changes") || !b["changes"].is_array() || !b.contains("next") ||
      !b["next"].is_number_integer() || (b.contains("more") && !b["more"].is_boolean()) ||
      (b.contains("remaining") && !b["remaining"].is_number_integer()) ||
      (b.contains("snapshot") && !b["snapshot"].is_number_integer()) ||
      (b.contains("timezone") && !b["timezone"].is_string()) ||
      (b.contains("settings") && !b["settings"].is_object()) ||
      (b.contains("card_after") &&
       (!b["card_after"].is_string() || !core::is_card_number(b["card_after"].get<std::string>()))))
    return finish("failed", "head office's pull answer is malformed");
  PulledPage page;
  page.next = b["next"].get<std::int64_t>();
  // A snapshot goes on from its last card, or ends and leaves the pull at its number; a head
  // office that does not know snapshots answered by cursor from 0, and the pull goes on so.
  if (snapshot_ && b.contains("snapshot")) {
    page.snapshot = b["snapshot"].get<std::int64_t>();
    page.snapshot_goes_on = b.contains("card_after");
  }
  if (page.snapshot_goes_on) {
    snapshot_ = page.snapshot;
    snapshot_card_ = b["card_after"].get<std::string>();
  } else {
    snapshot_.reset();
  }
  page.remaining = b.value("remaining", std::int64_t{0});
  page.timezone = b.value("timezone", std::string());
  // A page without changes is applied all the same when it brings the store's time zone
  // anew (the store moved, or its zone was corrected): nothing else would carry it.
  bool new_zone = false;
  if (!page.timezone.empty()) {
    auto zone = core::locate_zone(page.timezone);
    new_zone = !zone || zone->tz != options_.zone.tz;  // an unknown one fails where applied
  }
  // So are the chain settings head office says in the header, when they are not those held.
  bool new_settings = false;
  if (b.contains("settings")) {
    page.settings = std::move(b["settings"]);
    new_settings = page.settings.dump() != held_settings_;
  }
  bool more = b.value("more", false);
  page.changes = std::move(b["changes"]);
  if (pull_left_)
    page.remaining = std::min(
        page.remaining,
        std::max<std::int64_t>(*pull_left_ - static_cast<std::int64_t>(page.changes.size()), 0));
  if (!more) page.remaining = 0;
  pull_left_ = page.remaining;
  page.cards = std::move(cards);
  if (!more || page.changes.empty()) more_to_pull_ = false;
  if (!page.snapshot_goes_on) cursor_ = page.next;
  if (!page.changes.empty() || new_zone || new_settings) pages_.push_back(std::move(page));
  finish_if_pulled_all();
}

void SyncRun::finish_if_pulled_all() {
  if (phase_ == Phase::kPull && !more_to_pull_ && pages_.empty() && !in_flight_call_)
    finish("ok", "");
}

bool SyncRun::apply_slice() {
  auto slice = begin_slice();
  if (!slice) return false;
  SliceOutcome outcome = run_slice(store_, *slice);
  end_slice(*slice, outcome);
  return outcome.status.is_ok() && summary_.result == "ok";
}

std::optional<SyncRun::Slice> SyncRun::begin_slice() {
  if (phase_ == Phase::kDone || pages_.empty()) return std::nullopt;
  PulledPage& page = pages_.front();
  Slice slice;
  slice.page = &page;
  slice.from = page.applied;
  slice.to = std::min(page.changes.size(), slice.from + options_.apply_slice);
  slice.cursor = page.next;
  slice.now = options_.now();
  if (page.snapshot) {
    // Cards come in number order: the slice's last one is where the snapshot stands.
    if (slice.to != page.changes.size() || page.snapshot_goes_on) {
      slice.snapshot = page.snapshot;
      for (std::size_t i = slice.to; i > slice.from; --i) {
        const Json& c = page.changes[i - 1];
        if (c.is_object() && c.value("type", Json()) == "card" && c.contains("number") &&
            c["number"].is_string()) {
          slice.snapshot_card = c["number"].get<std::string>();
          break;
        }
      }
    } else {
      slice.ends_snapshot = true;
    }
  } else if (slice.to != page.changes.size()) {
    const Json& c = page.changes[slice.to - 1];
    if (!c.is_object() || !c.contains("seq") || !c["seq"].is_number_integer()) {
      finish("failed", "pulled changes not applied: changes[" + std::to_string(slice.to - 1) +
                           "] has no seq");
      return std::nullopt;
    }
    slice.cursor = c["seq"].get<std::int64_t>();
  }
  return slice;
}

// Touches only the slice's page, never the run's deque of pages, which take() may grow
// meanwhile (a deque keeps its elements where they are when another is added).
SyncRun::SliceOutcome SyncRun::run_slice(Store& store, const Slice& slice) {
  SliceOutcome out;
  PulledPage& page = *slice.page;
  out.status = common::in_transaction(store.db(), [&]() -> Status {
    return apply_changes(store, page, slice, &out.programs_touched, &out.settings_touched);
  });
  out.page_done = out.status.is_ok() && slice.to == page.changes.size();
  if (out.page_done) {
    // A page of 5 000 changes is megabytes of JSON: freed here, on the thread that applied
    // it, not on the event loop that pops the emptied page.
    core::Json().swap(page.changes);
    PulledCards().swap(page.cards);
  }
  return out;
}

void SyncRun::end_slice(const Slice& slice, const SliceOutcome& outcome) {
  if (phase_ == Phase::kDone) return;  // failed meanwhile (a fetch): its result stands
  const Status& s = outcome.status;
  if (!s)
    return finish("failed", "pulled changes not applied: " +
                                (s.field().empty() ? "" : s.field() + ": ") + s.message());
  PulledPage& page = pages_.front();
  page.applied = slice.to;
  summary_.pulled += static_cast<std::int64_t>(slice.to - slice.from);
  if (outcome.page_done) {
    summary_.remaining = page.remaining;
    pages_.pop_front();
  }
  if (outcome.programs_touched && options_.programs_changed) {
    if (Status p = options_.programs_changed(); !p) return finish("failed", p.message());
  }
  if (outcome.settings_touched && options_.settings_changed) {
    if (Status p = options_.settings_changed(); !p) return finish("failed", p.message());
  }
  finish_if_pulled_all();
}

// Changes [from, to) of a page and the cursor, inside the caller's transaction.
Status SyncRun::apply_changes(Store& store, PulledPage& page, const Slice& slice,
                              bool* programs_touched, bool* settings_touched) {
  const Json& changes = page.changes;
  const std::size_t from = slice.from, to = slice.to;
  const core::Instant now = slice.now;
  std::set<std::string> counted;  // coupon programs whose totals this slice set
  if (from == 0 && !page.timezone.empty()) {
    auto held = store.meta(std::string(kStoreTimezoneKey));
    if (!held) return held.status();
    if (*held != page.timezone) {
      if (!core::locate_zone(page.timezone))
        return Status::invalid("head office sent a time zone this register does not know: " +
                               page.timezone);
      if (Status s = store.set_meta(std::string(kStoreTimezoneKey), page.timezone); !s) return s;
      *settings_touched = true;
    }
  }
  if (from == 0 && page.settings.is_object()) {
    auto held = store.chain_settings_text();
    if (!held) return held.status();
    std::string said = page.settings.dump();
    if (*held != said) {
      if (Status s = check_office_settings(page.settings, "settings"); !s) return s;
      if (Status s = store.put_chain_settings(page.settings, 0, now); !s) return s;
      *settings_touched = true;
    }
  }
  // A new register, or one whose entries are all acknowledged, has nothing to re-apply:
  // one count instead of a query per card.
  auto pending = store.pending_entries();
  if (!pending) return pending.status();
  ReplacedEntries replaced(store, options_.zone);
  for (std::size_t i = from; i < to; ++i) {
    const Json& c = changes[i];
    std::string where = "changes[" + std::to_string(i) + "]";
    if (!c.is_object() || !c.contains("type") || !c["type"].is_string())
      return Status::invalid("has no type", where);
    std::string type = c["type"].get<std::string>();
    if (type == "program" || type == "program_deleted") {
      if (!c.contains("id") || !c["id"].is_string()) return Status::invalid("has no id", where);
      std::string id = c["id"].get<std::string>();
      *programs_touched = true;
      if (type == "program_deleted") {
        if (auto d = store.delete_program(id); !d) return d.status();
      } else {
        if (!c.contains("document")) return Status::invalid("has no document", where);
        if (auto p = store.put_program(id, c["document"], now); !p) return p.status();
      }
    } else if (type == "card") {
      if (i >= page.cards.size() || !page.cards[i]) {  // not read on the worker: read here
        if (!c.contains("state")) return Status::invalid("has no state", where);
        auto read = read_pulled_card(c["state"]);
        if (!read) return read.status().under(where + ".state");
        if (page.cards.size() < changes.size()) page.cards.resize(changes.size());
        page.cards[i] = std::move(*read);
      }
      PulledCard& pulled = *page.cards[i];
      std::vector<Store::OwnEntry> own;
      auto read_whole = [&]() -> Status {  // sent as text: read whole to apply entries over
        if (pulled.card) return Status::ok();
        auto tree = core::parse_json_exact(pulled.text);
        auto card =
            tree ? core::card_state_from_json(*tree) : core::Result<core::CardState>(tree.status());
        if (!card) return card.status().under(where + ".state");
        pulled.card = std::move(*card);
        return Status::ok();
      };
      if (*pending > 0) {
        auto found = store.unacked_effects(pulled.number, options_.zone);
        if (!found) return found.status();
        own = std::move(*found);
        if (!own.empty()) {
          if (Status s = read_whole(); !s) return s;
          // Replaced at head office: its entries are the replacement's from now on.
          if (!core::replacement_of(*pulled.card).empty())
            if (Status s = replaced.moved(*pulled.card, own, now); !s) return s;
        }
        auto theirs = replaced.into(pulled.number);
        if (!theirs) return theirs.status();
        if (!theirs->empty()) {
          if (Status s = read_whole(); !s) return s;
          own.insert(own.end(), theirs->begin(), theirs->end());
        }
      }
      for (const auto& e : own) {
        // An entry that cannot be applied over head office's state (head office refuses it
        // for the same reason) is left out of this card's view, never the whole page: one
        // entry must not stop every pull. It stays in the journal, pending.
        if (Status s = core::apply_effects(*pulled.card, e.effects, e.entry_id, e.day); !s)
          spdlog::warn("entry {} left out of card {} as pulled: {}", e.entry_id,
                       core::masked_card(pulled.number), s.message());
      }
      Status saved = own.empty()
                         ? store.save_card_text(pulled.number, pulled.phone, pulled.text, now)
                         : store.save_card(*pulled.card, now);
      if (!saved) return saved;
    } else if (type == "settings") {
      if (!c.contains("settings") || !c["settings"].is_object() || !c.contains("seq") ||
          !c["seq"].is_number_integer())
        return Status::invalid("is not chain settings", where);
      if (Status s = check_office_settings(c["settings"], where); !s) return s;
      if (Status p = store.put_chain_settings(c["settings"], c["seq"].get<std::int64_t>(), now); !p)
        return p;
      *settings_touched = true;
    } else if (type == "counter") {
      if (!c.contains("program") || !c["program"].is_string() || !c.contains("uses") ||
          !c["uses"].is_number_integer())
        return Status::invalid("is not a counter", where);
      counted.insert(c["program"].get<std::string>());
      if (Status s = store.set_coupon_total(c["program"].get<std::string>(),
                                            c["uses"].get<std::int64_t>());
          !s)
        return s;
    }
    // Unknown types come from a newer head office of the same protocol: skipped.
  }
  if (!counted.empty()) {
    // Head office's totals plus this register's uses it has not seen yet.
    auto own = store.unacked_effects(std::nullopt, options_.zone);
    if (!own) return own.status();
    auto only_counted = [&counted](const std::vector<std::string>& programs) {
      std::vector<std::string> out;
      for (const auto& p : programs)
        if (counted.count(p)) out.push_back(p);
      return out;
    };
    for (const auto& e : *own) {
      if (Status s = store.count_coupons(only_counted(e.effects.coupon_programs), 1); !s) return s;
      if (Status s = store.count_coupons(only_counted(e.effects.coupon_programs_returned), -1); !s)
        return s;
    }
  }
  if (*programs_touched) {
    // A program head office sends must parse here too, or nothing of the slice is kept.
    auto docs = store.program_documents();
    if (!docs) return docs.status();
    auto set = core::ProgramSet::build(*docs);
    if (!set)
      return Status::invalid("head office sent a program this register cannot use: " +
                             set.status().message());
  }
  if (slice.snapshot) {
    if (Status s = store.set_meta("sync_snapshot", std::to_string(*slice.snapshot)); !s) return s;
    // No card: the slice is of the programs and counters before the first card.
    return store.set_meta("sync_snapshot_card", slice.snapshot_card);
  }
  if (slice.ends_snapshot)
    if (Status s = store.set_meta("sync_snapshot", ""); !s) return s;
  return store.set_meta("sync_cursor", std::to_string(slice.cursor));
}

}  // namespace kopilka::daemon
