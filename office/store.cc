// Head office store; see store.h. Every write is one BEGIN IMMEDIATE transaction that
// also advances the server sequence, so a pull never sees half a change.
#include "office/store.h"

#include <filesystem>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "common/db_check.h"
#include "common/migrations.h"
#include "common/secrets.h"
#include "core/card_state_json.h"
#include "core/effects.h"
#include "core/entry_limits.h"
#include "core/time.h"
#include "office/card_text.h"
#include "office/data_dir.h"

namespace kopilka::schema {
const std::vector<std::string>& office_migrations();
}

namespace kopilka::office {

using common::equal_constant_time;
using common::in_transaction;
using common::random_enrol_code;
using common::random_hex;
using common::sha256_hex;

namespace {

using core::CardState;
using core::Json;

constexpr core::Instant kCodeLifetime = 24 * 3600;
constexpr int kCacheKiB = 64 * 1024;  // SQLite's page cache for office.db

Result<Json> parse_stored(const std::string& text, const std::string& what) {
  auto j = core::parse_json_exact(text);
  if (!j) return Status::corrupt(what + " is damaged: " + j.status().message());
  return std::move(*j);
}

Result<CardState> card_from_text(const std::string& text) {
  auto j = parse_stored(text, "a stored card");
  if (!j) return j.status();
  auto card = core::card_state_from_json(*j);
  if (!card) return Status::corrupt("a stored card is damaged: " + card.status().message());
  return *card;
}

// True when `v` holds an exact decimal anywhere. Most entries hold none, and then the
// entry can be written as it is, without the deep copy json_plain makes: that copy was
// about a tenth of the office's CPU in the shift-close storm (docs/benchmarks.md).
bool has_decimal(const Json& v) {
  if (core::is_decimal(v)) return true;
  if (v.is_structured()) {
    for (const Json& item : v) {
      if (has_decimal(item)) return true;
    }
  }
  return false;
}

std::optional<std::string> phone_of(const CardState& card) {
  if (card.customer && card.customer->phone) return card.customer->phone;
  return std::nullopt;
}

const std::string kLoadCard = "SELECT state FROM cards WHERE number = ?1";
const std::string kSaveCard =
    "INSERT INTO cards(number, phone, state, seq) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(number) DO UPDATE SET phone = ?2, state = ?3, seq = ?4";

// A card by number with a prepared kLoadCard; nullopt when there is none.
Result<std::optional<CardState>> load_card_with(common::Stmt& st, const std::string& number) {
  st.bind(1, number);
  auto row = st.step();
  if (!row) return row.status();
  std::string text = *row ? st.text(0) : std::string();
  st.reset();  // ready for the next card of a group
  if (!*row) return std::optional<CardState>();
  auto card = card_from_text(text);
  if (!card) return card.status();
  return std::optional<CardState>(std::move(*card));
}

// Rewrites the state of a card that exists and keeps its phone: no insert attempted first,
// and the phone index is left alone.
const std::string kUpdateCardState = "UPDATE cards SET state = ?2, seq = ?3 WHERE number = ?1";

// Writes a card's state with a prepared kSaveCard.
Status save_card_with(common::Stmt& st, const CardState& card, std::int64_t seq) {
  return st.bind(1, card.number)
      .bind_optional(2, phone_of(card))
      .bind(3, card_state_text(card))
      .bind(4, seq)
      .run();
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& data_dir,
                                           const core::Settings& settings) {
  if (Status s = make_data_dir(data_dir); !s) return s;
  const std::string path = data_dir + "/office.db";
  std::error_code ec;
  const bool new_file = !std::filesystem::exists(path, ec);
  // Refuse a damaged file by name, and never start over on an emptied one: head office's
  // database is the chain's only copy of every balance.
  auto damaged = [&](const std::string& why) {
    return Status::corrupt(path + " " + why + "; stop here and restore it from a backup of " +
                           data_dir + " (nothing was changed)");
  };
  if (common::is_emptied_file(path))
    return damaged("is empty although it exists: its data is lost");
  auto db = Db::open(path);
  if (!db) {
    if (db.status().code() != core::Code::kCorrupt) return db.status();
    return damaged("is not a usable database (" + db.status().message() + ")");
  }
  // The whole file is checked before a migration or a push writes into it: a write on a
  // damaged page can spread the damage, and the backup taken next would carry it.
  if (Status s = common::quick_check(**db); !s) {
    if (s.code() != core::Code::kCorrupt) return s;
    return damaged("is damaged (" + s.message() + ")");
  }
  if (Status s = common::migrate(**db, schema::office_migrations(), "kopilka-office"); !s) {
    if (s.code() != core::Code::kCorrupt) return s;
    return damaged("is not a usable database (" + s.message() + ")");
  }
  // SQLite gives -wal and -shm the main file's mode, so they follow it from here on.
  if (new_file) restrict_database_files(path);
  // Cards are read and rewritten at random all over the file at the shift-close storm;
  // SQLite's default page cache (2 MiB) sent most of those reads to the kernel again.
  if (Status s = (*db)->exec("PRAGMA cache_size = -" + std::to_string(kCacheKiB)); !s) return s;
  std::unique_ptr<Store> store(new Store(std::move(*db), settings));
  if (Status s = store->reload_programs(); !s) return s;
  return store;
}

Result<std::int64_t> Store::read_seq() {
  auto st = db_->prepare("SELECT value FROM meta WHERE key = 'seq'");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return Status::corrupt("the server sequence is missing");
  std::int64_t seq = std::stoll(st->text(0));
  st->reset();
  return seq;
}

Status Store::write_seq(std::int64_t seq) {
  auto st = db_->prepare("UPDATE meta SET value = ?1 WHERE key = 'seq'");
  if (!st) return st.status();
  return st->bind(1, std::to_string(seq)).run();
}

Status Store::save_card(const CardState& card, std::int64_t seq) {
  auto st = db_->prepare(kSaveCard);
  if (!st) return st.status();
  return save_card_with(*st, card, seq);
}

Status Store::reload_programs() {
  auto st =
      db_->prepare("SELECT id, document FROM programs WHERE document IS NOT NULL ORDER BY id");
  if (!st) return st.status();
  std::vector<Json> docs;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    auto doc = parse_stored(st->text(1), "program " + st->text(0));
    if (!doc) return doc.status();
    docs.push_back(std::move(*doc));
  }
  auto set = core::ProgramSet::build(docs);
  if (!set) return Status::corrupt("stored programs are invalid: " + set.status().message());
  programs_ = std::move(*set);
  return Status::ok();
}

// --- Registers -----------------------------------------------------------------------

Result<std::string> Store::add_register(const std::string& name, core::Instant now) {
  std::string id = "r-" + random_hex(4);
  std::string code = random_enrol_code();
  Status s = in_transaction(*db_, [&] {
    auto st = db_->prepare(
        "INSERT INTO registers(id, name, code_sha256, code_expires, created) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return st.status();
    return st->bind(1, id)
        .bind(2, name)
        .bind(3, sha256_hex(code))
        .bind(4, now + kCodeLifetime)
        .bind(5, now)
        .run();
  });
  if (!s) return s;
  return code;
}

Result<Enrolment> Store::enroll(const std::string& code, const std::string& proposed_id,
                                core::Instant now) {
  Enrolment e;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto st = db_->prepare(
        "SELECT id, code_expires FROM registers WHERE code_sha256 = ?1 AND secret_sha256 IS NULL");
    if (!st) return st.status();
    st->bind(1, sha256_hex(code));
    auto row = st->step();
    if (!row) return row.status();
    if (!*row || st->int64(1) < now) {
      st->reset();
      return Status(core::Code::kConflict, "the enrolment code is unknown, used or expired");
    }
    e.register_id = st->text(0);
    st->reset();
    if (!proposed_id.empty() && proposed_id != e.register_id) {
      auto taken = db_->prepare("SELECT 1 FROM registers WHERE id = ?1");
      if (!taken) return taken.status();
      taken->bind(1, proposed_id);
      auto row = taken->step();
      if (!row) return row.status();
      taken->reset();
      if (*row)
        return Status(core::Code::kConflict,
                      "register id " + proposed_id + " belongs to another register");
      auto rename = db_->prepare("UPDATE registers SET id = ?2 WHERE id = ?1");
      if (!rename) return rename.status();
      if (Status r = rename->bind(1, e.register_id).bind(2, proposed_id).run(); !r) return r;
      e.register_id = proposed_id;
    }
    std::string secret = random_hex(32);
    e.credential = e.register_id + "." + secret;
    auto up = db_->prepare(
        "UPDATE registers SET secret_sha256 = ?2, code_sha256 = NULL, enrolled = ?3 WHERE id = ?1");
    if (!up) return up.status();
    return up->bind(1, e.register_id).bind(2, sha256_hex(secret)).bind(3, now).run();
  });
  if (!s) return s;
  return e;
}

Result<std::string> Store::authenticate(const std::string& credential) {
  auto dot = credential.find('.');
  if (dot == std::string::npos) return Status::not_found("malformed credential");
  std::string id = credential.substr(0, dot);
  auto st = db_->prepare("SELECT secret_sha256 FROM registers WHERE id = ?1");
  if (!st) return st.status();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.status();
  bool ok = *row && !st->is_null(0) &&
            equal_constant_time(st->text(0), sha256_hex(credential.substr(dot + 1)));
  st->reset();
  if (!ok) return Status::not_found("unknown credential");
  return id;
}

// --- Sync ----------------------------------------------------------------------------

namespace {

// Kind, time and effects of one pushed entry, checked against the register's own limits.
Status read_entry(const Json& e, PushEntry& p) {
  if (!e.contains("kind") || !e["kind"].is_string())
    return Status::invalid("must be a string", "kind");
  p.kind = e["kind"].get<std::string>();
  if (!e.contains("at") || !e["at"].is_string())
    return Status::invalid("must be an RFC 3339 time", "at");
  auto at = core::parse_business_time(e["at"].get<std::string>());
  if (!at) return Status::invalid(at.status().message(), "at");
  p.at = *at;
  if (!e.contains("effects")) return Status::invalid("is missing", "effects");
  auto effects = core::effects_from_json(e["effects"]);
  if (!effects) return effects.status().under("effects");
  p.effects = std::move(*effects);
  p.card = p.effects.card;
  return core::check_entry(p.kind, p.effects);
}

}  // namespace

Result<std::vector<PushEntry>> Store::parse_push(const std::string& register_id,
                                                 const Json& entries) {
  if (!entries.is_array()) return Status::invalid("must be an array", "entries");
  const std::string prefix = register_id + ":";
  // The whole batch is validated before anything is touched: a foreign entry, or one
  // without an id, rejects the batch; any other fault is this entry's alone.
  std::vector<PushEntry> batch;
  batch.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Json& e = entries[i];
    std::string where = "entries[" + std::to_string(i) + "]";
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string())
      return Status::invalid("must have a string id", where + ".id");
    PushEntry p;
    p.id = e["id"].get<std::string>();
    if (p.id.rfind(prefix, 0) != 0 || p.id.size() == prefix.size())
      return Status(core::Code::kConflict,
                    "entry " + p.id + " does not belong to register " + register_id, where + ".id");
    p.problem = read_entry(e, p);
    if (p.problem) p.body = has_decimal(e) ? core::json_plain(e).dump() : e.dump();
    batch.push_back(std::move(p));
  }
  return batch;
}

Result<PushResult> Store::push(const std::string& register_id, const Json& entries,
                               core::Instant now) {
  auto batch = parse_push(register_id, entries);
  if (!batch) return batch.status();
  std::vector<PendingPush> one(1);
  one[0].register_id = register_id;
  one[0].entries = std::move(*batch);
  if (Status s = apply_pushes(one, now); !s) return s;
  return std::move(one[0].result);
}

// Group commit: every batch waiting when the server gets to them goes into one
// transaction, so one fsync serves many registers at the shift-close storm. Cards are
// loaded once and saved once per group, whatever number of entries touched them.
Status Store::apply_pushes(std::vector<PendingPush>& pushes, core::Instant now) {
  for (auto& p : pushes) p.result = PushResult{};
  return in_transaction(*db_, [&]() -> Status {
    auto seq = read_seq();
    if (!seq) return seq.status();
    std::int64_t next = *seq;
    struct Touched {
      CardState card;
      bool stored = false;                      // the card has a row already
      std::optional<std::string> stored_phone;  // and this phone in it
      bool changed = false;  // an entry applied to it (a refused one changes nothing)
    };
    std::unordered_map<std::string, Touched> cards;  // touched in this group
    std::map<std::string, std::int64_t> coupon_delta;
    std::unordered_set<std::string> in_group;  // ids applied earlier in this group
    // Each statement is prepared once per group, not once per entry.
    auto exists = db_->prepare("SELECT 1 FROM entries WHERE id = ?1");
    if (!exists) return exists.status();
    auto insert = db_->prepare(
        "INSERT INTO entries(id, register_id, kind, card, at, body, received) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert) return insert.status();
    auto last_push = db_->prepare("UPDATE registers SET last_push = ?2 WHERE id = ?1");
    if (!last_push) return last_push.status();
    auto load = db_->prepare(kLoadCard);
    if (!load) return load.status();
    for (PendingPush& push : pushes) {
      for (const PushEntry& p : push.entries) {
        exists->bind(1, p.id);
        auto seen = exists->step();
        exists->reset();
        if (!seen) return seen.status();
        if (*seen || in_group.count(p.id)) {  // applied before: ack again
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
            auto loaded = load_card_with(*load, p.card);
            if (!loaded) return loaded.status();
            Touched t;
            if (loaded->has_value()) {
              t.card = std::move(**loaded);
              t.stored = true;
              t.stored_phone = phone_of(t.card);
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
        in_group.insert(p.id);
        push.result.acked.push_back(p.id);
        if (!p.card.empty()) cards[p.card].changed = true;
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
        ++push.result.applied;
      }
      if (Status e = last_push->bind(1, push.register_id).bind(2, now).run(); !e) return e;
    }
    auto save = db_->prepare(kSaveCard);
    if (!save) return save.status();
    auto update = db_->prepare(kUpdateCardState);
    if (!update) return update.status();
    for (const auto& [number, t] : cards) {
      if (!t.changed) continue;
      Status e =
          t.stored && phone_of(t.card) == t.stored_phone
              ? update->bind(1, number).bind(2, card_state_text(t.card)).bind(3, ++next).run()
              : save_card_with(*save, t.card, ++next);
      if (!e) return e;
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

// The page is written as text: a card's state goes out as stored, not parsed into a tree
// and written anew, which was most of head office's cost in a first sync of a million
// cards.
Result<std::string> Store::pull(std::int64_t after, std::int64_t limit) {
  static const std::string kUnion =
      "SELECT seq, 'program' AS type, id, document FROM programs WHERE seq > ?1 "
      "UNION ALL SELECT seq, 'card', number, state FROM cards WHERE seq > ?1 "
      "UNION ALL SELECT seq, 'counter', program, uses FROM coupon_totals WHERE seq > ?1";
  auto st = db_->prepare(kUnion + " ORDER BY seq LIMIT ?2");
  if (!st) return st.status();
  st->bind(1, after).bind(2, limit);
  std::string changes;
  std::int64_t count = 0;
  std::int64_t next = after;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    std::int64_t seq = st->int64(0);
    std::string type = st->text(1);
    if (count++ > 0) changes += ',';
    if (type == "program") {
      Json change = {{"seq", seq}, {"type", "program"}, {"id", st->text(2)}};
      if (st->is_null(3)) {
        change["type"] = "program_deleted";
      } else {
        auto doc = parse_stored(st->text(3), "program " + st->text(2));
        if (!doc) return doc.status();
        change["document"] = core::json_plain(*doc);
      }
      changes += change.dump();
    } else if (type == "card") {
      std::string state = st->text(3);
      // Only a cut-short text is caught here; registers read every card they receive.
      if (state.size() < 2 || state.front() != '{' || state.back() != '}')
        return Status::corrupt("card " + st->text(2) + " is damaged");
      changes += "{\"number\":" + Json(st->text(2)).dump() + ",\"seq\":" + std::to_string(seq) +
                 ",\"state\":" + state + ",\"type\":\"card\"}";
    } else {
      changes +=
          Json{{"seq", seq}, {"type", "counter"}, {"program", st->text(2)}, {"uses", st->int64(3)}}
              .dump();
    }
    next = seq;
  }
  st->reset();
  // `remaining` counts index entries only: counting the union above read every card's
  // state after the cursor, seconds a page on a million cards and half an hour for a first
  // sync (docs/benchmarks.md). A short page is the last one: nothing to count.
  std::int64_t remaining = 0;
  if (count >= limit) {
    auto counted = db_->prepare(
        "SELECT (SELECT count(*) FROM programs WHERE seq > ?1) + "
        "(SELECT count(*) FROM cards WHERE seq > ?1) + "
        "(SELECT count(*) FROM coupon_totals WHERE seq > ?1)");
    if (!counted) return counted.status();
    counted->bind(1, next);
    auto row = counted->step();
    if (!row) return row.status();
    remaining = counted->int64(0);
    counted->reset();
  }
  return "{\"changes\":[" + changes + "],\"more\":" + (remaining > 0 ? "true" : "false") +
         ",\"next\":" + std::to_string(next) + ",\"remaining\":" + std::to_string(remaining) + "}";
}

// --- Programs ------------------------------------------------------------------------

Result<bool> Store::put_program(const std::string& id, const std::string& document) {
  bool created = false;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto old = get_program(id);
    if (!old) return old.status();
    created = !old->has_value();
    auto seq = read_seq();
    if (!seq) return seq.status();
    auto st = db_->prepare(
        "INSERT INTO programs(id, document, seq) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(id) DO UPDATE SET document = ?2, seq = ?3");
    if (!st) return st.status();
    if (Status e = st->bind(1, id).bind(2, document).bind(3, *seq + 1).run(); !e) return e;
    return write_seq(*seq + 1);
  });
  if (!s) return s;
  if (Status r = reload_programs(); !r) return r;
  return created;
}

Result<std::optional<std::string>> Store::get_program(const std::string& id) {
  auto st = db_->prepare("SELECT document FROM programs WHERE id = ?1 AND document IS NOT NULL");
  if (!st) return st.status();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.status();
  std::optional<std::string> doc;
  if (*row) doc = st->text(0);
  st->reset();
  return doc;
}

Result<std::vector<std::string>> Store::list_programs() {
  auto st = db_->prepare("SELECT document FROM programs WHERE document IS NOT NULL ORDER BY id");
  if (!st) return st.status();
  std::vector<std::string> docs;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    docs.push_back(st->text(0));
  }
  return docs;
}

Result<bool> Store::delete_program(const std::string& id) {
  bool existed = false;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto old = get_program(id);
    if (!old) return old.status();
    existed = old->has_value();
    if (!existed) return Status::ok();
    auto seq = read_seq();
    if (!seq) return seq.status();
    auto st = db_->prepare("UPDATE programs SET document = NULL, seq = ?2 WHERE id = ?1");
    if (!st) return st.status();
    if (Status e = st->bind(1, id).bind(2, *seq + 1).run(); !e) return e;
    return write_seq(*seq + 1);
  });
  if (!s) return s;
  if (Status r = reload_programs(); !r) return r;
  return existed;
}

// --- Cards ---------------------------------------------------------------------------

Result<std::optional<CardState>> Store::load_card(const std::string& number) {
  auto st = db_->prepare(kLoadCard);
  if (!st) return st.status();
  return load_card_with(*st, number);
}

Result<std::optional<CardState>> Store::find_card_by_phone(const std::string& phone) {
  auto st = db_->prepare("SELECT number FROM cards WHERE phone = ?1 ORDER BY number LIMIT 1");
  if (!st) return st.status();
  st->bind(1, phone);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<CardState>();
  std::string number = st->text(0);
  st->reset();
  return load_card(number);
}

Result<bool> Store::put_card(const CardState& edited) {
  bool created = false;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto old = load_card(edited.number);
    if (!old) return old.status();
    created = !old->has_value();
    CardState card = old->value_or(CardState{});
    card.number = edited.number;
    card.status = edited.status;
    card.groups = edited.groups;
    card.customer = edited.customer;
    auto seq = read_seq();
    if (!seq) return seq.status();
    if (Status e = save_card(card, *seq + 1); !e) return e;
    return write_seq(*seq + 1);
  });
  if (!s) return s;
  return created;
}

Result<Json> Store::adjust_points(const std::string& number, const std::string& adjust_id,
                                  std::int64_t points, std::optional<int> lifetime_days,
                                  const std::string& reason, core::Instant at) {
  Json response;
  Status s = in_transaction(*db_, [&]() -> Status {
    auto prior = db_->prepare("SELECT card, response FROM adjustments WHERE adjust_id = ?1");
    if (!prior) return prior.status();
    prior->bind(1, adjust_id);
    auto row = prior->step();
    if (!row) return row.status();
    if (*row) {
      std::string card = prior->text(0), text = prior->text(1);
      prior->reset();
      if (card != number)
        return Status::conflict("adjust_id " + adjust_id + " was used for another card");
      auto stored = parse_stored(text, "an adjustment");
      if (!stored) return stored.status();
      response = std::move(*stored);
      response["replayed"] = true;
      return Status::ok();
    }
    auto loaded = load_card(number);
    if (!loaded) return loaded.status();
    if (!loaded->has_value()) return Status::not_found("card not found");
    CardState card = std::move(**loaded);
    auto effects = core::adjustment_effects(card, points, lifetime_days, at, settings_);
    auto seq = read_seq();
    if (!seq) return seq.status();
    std::string entry_id = "office:" + std::to_string(*seq + 1);
    if (Status e =
            core::apply_effects(card, effects, entry_id, core::local_day(at, settings_.zone));
        !e)
      return e;
    if (Status e = save_card(card, *seq + 1); !e) return e;
    Json body = {{"id", entry_id},         {"kind", "adjust"},
                 {"adjust_id", adjust_id}, {"reason", reason},
                 {"points", points},       {"effects", core::effects_to_json(effects)}};
    auto ins = db_->prepare(
        "INSERT INTO entries(id, register_id, kind, card, at, body, received) "
        "VALUES (?1, 'office', 'adjust', ?2, ?3, ?4, ?3)");
    if (!ins) return ins.status();
    if (Status e = ins->bind(1, entry_id).bind(2, number).bind(3, at).bind(4, body.dump()).run();
        !e)
      return e;
    response = core::card_view(card, programs_, at, settings_);
    response["adjust_id"] = adjust_id;
    auto save =
        db_->prepare("INSERT INTO adjustments(adjust_id, card, response) VALUES (?1, ?2, ?3)");
    if (!save) return save.status();
    if (Status e = save->bind(1, adjust_id).bind(2, number).bind(3, response.dump()).run(); !e)
      return e;
    return write_seq(*seq + 1);
  });
  if (!s) return s;
  return response;
}

}  // namespace kopilka::office
