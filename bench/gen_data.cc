// kopilka-bench-gen: writes benchmark data straight into SQLite in big transactions, far
// faster than the API could: a register database (cards, programs, the register's share of
// a year's journal) and a head-office database (cards, programs, enrolled registers, a
// year of applied entries) plus a pool of real journal entries for push benchmarks.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "bench/bench_data.h"
#include "core/card_state_text.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/receipt_request.h"
#include "office/sqlite_store.h"
#include "register/store.h"

namespace kb = kopilka::bench;
namespace core = kopilka::core;
using core::Status;
using kopilka::common::Db;

namespace {

constexpr std::int64_t kBatch = 50000;  // rows per transaction

struct Entry {  // one real journal entry, computed by the engine
  std::string card;
  core::Instant at = 0;
  core::Json effects;
};

core::Settings settings() {
  core::Settings s;
  s.zone = *core::locate_zone("Europe/Moscow");
  s.no_loyalty_categories = {"tobacco"};
  return s;
}

// `count` entries from real calculations over the first `cards` cards, across a year.
std::vector<Entry> real_entries(int count, std::int64_t cards, const core::ProgramSet& programs,
                                core::Instant now, kb::Rng& rng) {
  const core::Settings st = settings();
  const core::Day today = core::local_day(now, st.zone);
  std::vector<Entry> out;
  for (int i = 0; i < count; ++i) {
    const std::int64_t index = 1 + static_cast<std::int64_t>(rng() % cards);
    core::CardState card = kb::make_card(index, today, rng);
    const core::Instant at = now - static_cast<core::Instant>(rng() % (365 * 86400));
    core::Json body =
        kb::make_receipt("G-" + std::to_string(i), card.number, 1 + static_cast<int>(rng() % 40),
                         core::format_rfc3339(at, st.zone), rng);
    auto request = core::parse_receipt_request(body, now);
    if (!request) continue;
    auto calc = core::calculate(*request, &card, programs, {}, st);
    out.push_back({card.number, at, core::effects_to_json(calc.effects)});
  }
  return out;
}

int fail(const Status& s, const char* what) {
  std::cerr << what << ": " << s.message() << "\n";
  return 1;
}

Status check(Status s, const char* what) {
  if (!s) std::cerr << what << ": " << s.message() << "\n";
  return s;
}

// Runs fn(i) for i in [0, n) in transactions of kBatch rows.
template <typename F>
Status batched(Db& db, std::int64_t n, F&& fn) {
  for (std::int64_t start = 0; start < n; start += kBatch) {
    Status s = kopilka::common::in_transaction(db, [&]() -> Status {
      for (std::int64_t i = start; i < std::min(n, start + kBatch); ++i) {
        if (Status e = fn(i); !e) return e;
      }
      return Status::ok();
    });
    if (!s) return s;
  }
  return Status::ok();
}

int gen_register(const std::string& dir, std::int64_t cards, int programs, std::int64_t journal) {
  auto store = kopilka::daemon::Store::open(dir);
  if (!store) return fail(store.status(), "open");
  Db& db = (*store)->db();
  (void)db.exec("PRAGMA synchronous=OFF");
  const core::Instant now = std::time(nullptr);
  const core::Settings st = settings();
  const core::Day today = core::local_day(now, st.zone);
  kb::Rng rng(42);
  auto docs = kb::make_programs(programs);
  auto set = core::ProgramSet::build(docs);
  if (!set) return fail(set.status(), "programs");
  Status s = kopilka::common::in_transaction(db, [&]() -> Status {
    for (const auto& d : docs) {
      auto put = (*store)->put_program(core::program_id(d), d, now);
      if (!put) return put.status();
    }
    return Status::ok();
  });
  if (!check(s, "programs")) return 1;
  s = batched(db, cards, [&](std::int64_t i) -> Status {
    auto st2 =
        db.prepare("INSERT INTO cards(number, phone, state, updated) VALUES (?1, ?2, ?3, ?4)");
    if (!st2) return st2.status();
    core::CardState card = kb::make_card(i + 1, today, rng);
    return st2->bind(1, card.number)
        .bind_optional(2, card.customer ? card.customer->phone : std::nullopt)
        .bind(3, core::card_state_text(card))
        .bind(4, now)
        .run();
  });
  if (!check(s, "cards")) return 1;
  auto pool = real_entries(static_cast<int>(std::min<std::int64_t>(journal, 2000)),
                           std::max<std::int64_t>(cards, 1), *set, now, rng);
  const std::string rid = (*store)->register_id();
  s = batched(db, pool.empty() ? 0 : journal, [&](std::int64_t i) -> Status {
    const Entry& e = pool[i % pool.size()];
    auto ins = db.prepare(
        "INSERT INTO journal(entry_id, kind, card, at, effects, detail, acked) "
        "VALUES (?1, 'receipt', ?2, ?3, ?4, '{}', 1)");
    if (!ins) return ins.status();
    return ins->bind(1, rid + ":h" + std::to_string(i))
        .bind(2, e.card)
        .bind(3, e.at)
        .bind(4, e.effects.dump())
        .run();
  });
  if (!check(s, "journal")) return 1;
  (void)db.exec("PRAGMA synchronous=FULL");
  (void)db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  std::cout << "register " << rid << ": " << cards << " cards, " << programs << " programs, "
            << journal << " journal entries\n";
  return 0;
}

int gen_office(const std::string& dir, std::int64_t cards, int programs, std::int64_t entries,
               int registers, const std::string& credentials, const std::string& pool_path,
               int pool_size) {
  const core::Settings st = settings();
  auto store = kopilka::office::SqliteStore::open(dir, st);
  if (!store) return fail(store.status(), "open");
  const core::Instant now = std::time(nullptr);
  const core::Day today = core::local_day(now, st.zone);
  kb::Rng rng(7);
  auto docs = kb::make_programs(programs);
  for (const auto& d : docs) {
    auto put = (*store)->put_program(core::program_id(d), core::json_plain(d).dump());
    if (!put) return fail(put.status(), "program");
  }
  // Registers, enrolled: their credentials go to a file for the push drivers.
  std::ofstream cred(credentials);
  std::vector<std::string> ids;
  for (int r = 0; r < registers; ++r) {
    auto code = (*store)->add_register("bench-" + std::to_string(r), now);
    if (!code) return fail(code.status(), "register");
    char id[32];
    std::snprintf(id, sizeof id, "r-b%07d", r);
    auto e = (*store)->enroll(*code, id, now);
    if (!e) return fail(e.status(), "enroll");
    ids.push_back(e->register_id);
    cred << e->register_id << " " << e->credential << "\n";
  }
  // Programs and registers went through the store; the bulk rows go straight to SQLite.
  store->reset();
  auto opened = Db::open(dir + "/office.db");
  if (!opened) return fail(opened.status(), "open office.db");
  Db& db = **opened;
  (void)db.exec("PRAGMA synchronous=OFF");
  auto seq_st = db.prepare("SELECT value FROM meta WHERE key = 'seq'");
  if (!seq_st || !*seq_st->step()) return 1;
  const std::int64_t base = std::stoll(seq_st->text(0));
  seq_st->reset();
  Status s = batched(db, cards, [&](std::int64_t i) -> Status {
    auto ins = db.prepare("INSERT INTO cards(number, phone, state, seq) VALUES (?1, ?2, ?3, ?4)");
    if (!ins) return ins.status();
    core::CardState card = kb::make_card(i + 1, today, rng);
    return ins->bind(1, card.number)
        .bind_optional(2, card.customer ? card.customer->phone : std::nullopt)
        .bind(3, core::card_state_text(card))
        .bind(4, base + 1 + i)
        .run();
  });
  if (!check(s, "cards")) return 1;
  if (!check(db.exec("UPDATE meta SET value = '" + std::to_string(base + cards) +
                     "' WHERE key = 'seq'"),
             "seq"))
    return 1;
  auto set = core::ProgramSet::build(docs);
  if (!set) return fail(set.status(), "programs");
  auto pool = real_entries(pool_size, std::max<std::int64_t>(cards, 1), *set, now, rng);
  // A year of history already applied: entries spread over the registers.
  s = batched(db, pool.empty() ? 0 : entries, [&](std::int64_t i) -> Status {
    const Entry& e = pool[i % pool.size()];
    const std::string& rid = ids[i % ids.size()];
    const std::string id = rid + ":h" + std::to_string(i / ids.size());
    auto ins = db.prepare(
        "INSERT INTO entries(id, register_id, kind, card, at, body, received) "
        "VALUES (?1, ?2, 'receipt', ?3, ?4, ?5, ?6)");
    if (!ins) return ins.status();
    core::Json body = {{"id", id}, {"kind", "receipt"}, {"effects", e.effects}};
    return ins->bind(1, id)
        .bind(2, rid)
        .bind(3, e.card)
        .bind(4, e.at)
        .bind(5, body.dump())
        .bind(6, e.at)
        .run();
  });
  if (!check(s, "entries")) return 1;
  std::ofstream out(pool_path);
  for (const Entry& e : pool) {
    out << core::Json{{"card", e.card},
                      {"at", core::format_rfc3339(e.at, st.zone)},
                      {"effects", e.effects}}
               .dump()
        << "\n";
  }
  (void)db.exec("PRAGMA synchronous=FULL");
  (void)db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  std::cout << "office: " << cards << " cards, " << programs << " programs, " << registers
            << " registers, " << entries << " entries\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes Kopilka benchmark databases"};
  app.require_subcommand(1);
  std::string dir, credentials = "credentials.txt", pool = "entries.jsonl";
  std::int64_t cards = 10000, journal = 0, entries = 0;
  int programs = 30, registers = 200, pool_size = 2000;
  auto* reg = app.add_subcommand("register", "a register's kopilka.db");
  reg->add_option("--dir", dir, "data dir")->required();
  reg->add_option("--cards", cards);
  reg->add_option("--programs", programs);
  reg->add_option("--journal", journal, "acknowledged journal entries (its share of history)");
  auto* off = app.add_subcommand("office", "head office's office.db");
  off->add_option("--dir", dir, "data dir")->required();
  off->add_option("--cards", cards);
  off->add_option("--programs", programs);
  off->add_option("--entries", entries, "applied entries (a year of history)");
  off->add_option("--registers", registers);
  off->add_option("--credentials", credentials, "file for 'register_id credential' lines");
  off->add_option("--pool", pool, "file for real entries (JSON lines) to push");
  off->add_option("--pool-size", pool_size);
  CLI11_PARSE(app, argc, argv);
  if (*reg) return gen_register(dir, cards, programs, journal);
  return gen_office(dir, cards, programs, entries, registers, credentials, pool, pool_size);
}
