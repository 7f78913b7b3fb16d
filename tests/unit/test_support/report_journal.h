// A journal for report tests: registers in stores of different time zones, entries written
// as registers write them (receipt, refund, cancel; adjustments at head office), pushed
// through the real push path in random order, and the brute-force figures the summary
// report must equal, recomputed from the entries alone (office.md "Reports" rules).
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/card_edit.h"
#include "office/customers.h"
#include "office/report.h"
#include "office/storage.h"
#include "test_support/office_store.h"

namespace kopilka::office::test {

struct JournalLot {
  std::string id, program;
  std::int64_t points = 0;
  std::optional<core::Day> last_day;  // none: the points never burn
};

// One entry as the brute force reads it.
struct JournalEntry {
  std::string reg, kind, receipt_id, card;
  core::Day day = 0;
  std::int64_t money = 0;  // a receipt's total; what a refund or cancel returned
  bool completes = false;  // a refund or cancel that returned the last of its receipt
  std::vector<JournalLot> lots;
  std::vector<std::pair<std::string, std::int64_t>> draws;  // lot id, points
  std::map<std::string, std::int64_t> programs;             // touched: program → discount
};

class Journal {
 public:
  static constexpr const char* kToday = "2026-12-31";
  // By default received after everything the journal holds, as from a register syncing
  // later: head office's clock is past every entry, so it folds as of each entry's day.
  static constexpr core::Instant kReceived = 4'102'444'800;  // 2100-01-01
  // As registers write draws since they name the kind of lot too (core/effects.h LotDates):
  // its program and dates, so head office knows them after the lot left the card.
  bool draws_name_their_lots = false;

  Journal() : rng_(7) {}

  // A register in a new store of `zone` ("" : no store, head office's zone).
  std::string register_in_store(const std::string& zone) {
    auto code = t.store->add_register("Till " + std::to_string(regs_.size() + 1), 1000);
    REQUIRE(code.ok());
    auto e = t.store->enroll(*code, "", 1001);
    REQUIRE(e.ok());
    std::string reg = e->register_id;
    core::Zone z = t.settings.zone;
    if (!zone.empty()) {
      std::string store = "s-" + std::to_string(regs_.size() + 1);
      REQUIRE(t.store->sql()
                  .run("INSERT INTO stores(id, name, timezone, created) VALUES ($1, $1, $2, 1)",
                       {store, zone})
                  .ok());
      REQUIRE(t.store->sql()
                  .run("UPDATE registers SET store_id = $1 WHERE id = $2", {store, reg})
                  .ok());
      z = *core::locate_zone(zone);
      store_of_[reg] = store;
    }
    regs_.push_back(reg);
    zone_[reg] = z;
    return reg;
  }

  void receipt(const std::string& reg, const std::string& rid, const std::string& at,
               const std::string& card, std::int64_t total, std::int64_t points,
               std::map<std::string, std::int64_t> programs,
               std::optional<int> lifetime = std::nullopt,
               std::vector<std::pair<std::string, std::int64_t>> draws = {}) {
    JournalEntry e = base(reg, "receipt", rid, card, at);
    e.money = total;
    std::string program = programs.empty() ? "" : programs.begin()->first;
    core::Json lots = core::Json::array(), applied = core::Json::array();
    if (points > 0 && !card.empty()) {
      core::Json lot = {{"id", "0"},
                        {"program", program},
                        {"earned_day", core::format_date(e.day)},
                        {"usable_from", core::format_date(e.day)},
                        {"last_day", lifetime ? core::Json(core::format_date(e.day + *lifetime))
                                              : core::Json(nullptr)},
                        {"points", points}};
      lots.push_back(lot);
      e.lots.push_back({id_of(reg) + "/0", program, points,
                        lifetime ? std::optional<core::Day>(e.day + *lifetime) : std::nullopt});
      lot_dates_[e.lots.back().id] = {
          {"program", program}, {"usable_from", lot["usable_from"]}, {"last_day", lot["last_day"]}};
      if (!program.empty()) applied.push_back({{"program", program}, {"points", points}});
    }
    for (const auto& [p, d] : programs)
      if (d > 0) applied.push_back({{"program", p}, {"discount", d}});
    for (const auto& [p, d] : programs)
      if (d > 0) e.programs[p] = d;
    if (!program.empty() && points > 0 && !card.empty()) e.programs[program] += 0;
    e.draws = draws;
    receipts_[{reg, rid}] = e;
    push_entry(e, at, total, lots,
               {{"receipt_id", rid}, {"total", total}, {"response", {{"applied", applied}}}});
  }

  // `completes`: nothing of the receipt is left after it (a register marks that refund).
  void refund(const std::string& reg, const std::string& rid, const std::string& at,
              std::int64_t money, std::int64_t points_back, bool completes = false) {
    returned(reg, rid, at, money, points_back, "refund", completes);
  }
  void cancel(const std::string& reg, const std::string& rid, const std::string& at,
              std::int64_t money, std::int64_t points_back, bool completes = true) {
    returned(reg, rid, at, money, points_back, "cancel", completes);
  }

  // A refund of `rid` that gives back `points` it spent, as a lot usable through
  // `last_day` (the spent lot's own), and takes back `reversed` of the points it earned.
  void refund_giving_back(const std::string& reg, const std::string& rid, const std::string& at,
                          std::int64_t money, std::int64_t points, const std::string& last_day,
                          std::int64_t reversed) {
    const JournalEntry& sale = receipts_.at({reg, rid});
    JournalEntry e = base(reg, "refund", rid, sale.card, at);
    e.money = money;
    if (reversed > 0) e.draws.push_back({sale.lots.at(0).id, reversed});
    e.lots.push_back({id_of(reg) + "/0", "", points, *core::parse_date(last_day)});
    const core::Json lot = {{"id", "0"},
                            {"program", ""},
                            {"earned_day", "2026-10-01"},
                            {"usable_from", "2026-10-01"},
                            {"last_day", last_day},
                            {"points", points}};
    push_entry(e, at, -money, core::Json::array({lot}),
               {{"receipt_id", rid},
                {"refund_id", "refund:" + rid},
                {"response", {{"money_returned", money}}}});
  }

  // A birthday gift a register journalled: `points` of `program` on the card.
  void birthday(const std::string& reg, const std::string& card, const std::string& at,
                const std::string& program, std::int64_t points) {
    JournalEntry e = base(reg, "birthday", "", card, at);
    core::Json lot = {{"id", "0"},
                      {"program", program},
                      {"earned_day", core::format_date(e.day)},
                      {"usable_from", core::format_date(e.day)},
                      {"last_day", nullptr},
                      {"points", points}};
    e.lots.push_back({id_of(reg) + "/0", program, points, std::nullopt});
    push_entry(e, at, 0, core::Json::array({lot}), {{"program", program}});
    queue_[reg].back()["effects"]["birthday_grants"] =
        core::Json::array({{{"program", program}, {"year", std::stoi(at.substr(0, 4))}}});
  }

  // Card `number` given customer record `customer`, as the admin API saves it.
  void put_customer(const std::string& number, const std::string& customer) {
    auto edit =
        core::parse_card_edit(core::Json{{"customer", {{"id", customer}, {"name", "Анна"}}}});
    REQUIRE(edit.ok());
    core::CardState card;
    card.number = number;
    core::apply_card_edit(card, *edit);
    REQUIRE(t.store->put_card(card).ok());
    REQUIRE(office::index_card_customer(t.store->sql(), card, 1000).is_ok());
  }

  // A head-office adjustment, made when the journal is pushed.
  void adjust(const std::string& card, std::int64_t points, const std::string& at) {
    adjusts_.push_back({card, points, *core::parse_rfc3339(at)});
  }

  // Pushes every register's entries in its own order, the registers interleaved at random,
  // some batches alone and some in a group commit; then the adjustments.
  // `received`: head office's clock as it applies them.
  bool push_all(core::Instant received = kReceived) {
    std::map<std::string, std::size_t> next;
    std::size_t left = pending_.size();
    while (left > 0) {
      std::vector<PendingPush> group;
      for (const auto& reg : regs_) {
        auto& queue = queue_[reg];
        if (next[reg] >= queue.size() || rng_() % 2) continue;
        std::size_t n = std::min<std::size_t>(1 + rng_() % 7, queue.size() - next[reg]);
        core::Json batch = core::Json::array();
        for (std::size_t i = 0; i < n; ++i) batch.push_back(queue[next[reg] + i]);
        next[reg] += n;
        left -= n;
        auto parsed = parse_push(reg, batch);
        if (!parsed) return false;
        group.push_back({reg, std::move(*parsed), {}});
      }
      if (group.empty()) continue;
      if (!t.store->apply_pushes(group, received).is_ok()) return false;
      for (const auto& p : group)
        if (!p.result.refused.empty()) {
          FAIL("refused " << p.result.refused[0].id << ": " << p.result.refused[0].why.message());
          return false;
        }
    }
    for (const auto& a : adjusts_) {
      auto r = t.store->adjust_points(a.card, "adj-" + std::to_string(++adjust_n_), a.points,
                                      std::nullopt, "test", a.at, received);
      if (!r) return false;
      JournalEntry e;
      e.reg = "office";
      e.kind = "adjust";
      e.card = a.card;
      e.day = core::local_day(a.at, t.settings.zone);
      e.lots.push_back({"", "", a.points, std::nullopt});
      entries_.push_back(e);
    }
    return true;
  }

  // Every entry of register `reg` as one push, for a test that applies it itself (on
  // another process's storage); entries already applied are only acknowledged again.
  PendingPush push_of(const std::string& reg) {
    core::Json batch = core::Json::array();
    for (const auto& e : queue_[reg]) batch.push_back(e);
    auto parsed = parse_push(reg, batch);
    REQUIRE(parsed.ok());
    return {reg, std::move(*parsed), {}};
  }

  core::Result<core::Json> report(const std::string& from, const std::string& to,
                                  const std::string& group, const std::string& store = "",
                                  const std::string& reg = "") {
    auto q = parse_report_query(from, to, store, reg, group);
    if (!q) return q.status();
    return summary_report(t.store->sql(), *q, *core::parse_date(kToday), t.settings.zone,
                          t.settings.point_value);
  }

  void random_journal(unsigned seed, int n);
  const std::string& register_at(std::size_t i) const { return regs_.at(i); }
  const std::string& store_of(std::size_t i) const { return store_of_.at(regs_.at(i)); }
  // `rounds` random reports; `chain_only`: none for a store or a register.
  void check_against_brute_force(unsigned seed, int rounds = 6, bool chain_only = false);

  TempStore t;

 private:
  struct Adjust {
    std::string card;
    std::int64_t points;
    core::Instant at;
  };

  std::string id_of(const std::string& reg) { return reg + ":" + std::to_string(seq_[reg] + 1); }

  JournalEntry base(const std::string& reg, const std::string& kind, const std::string& rid,
                    const std::string& card, const std::string& at) {
    JournalEntry e;
    e.reg = reg;
    e.kind = kind;
    e.receipt_id = rid;
    e.card = card;
    e.day = core::local_day(*core::parse_rfc3339(at), zone_[reg]);
    return e;
  }

  void returned(const std::string& reg, const std::string& rid, const std::string& at,
                std::int64_t money, std::int64_t points_back, const char* kind, bool completes) {
    const JournalEntry& sale = receipts_.at({reg, rid});
    JournalEntry e = base(reg, kind, rid, sale.card, at);
    e.money = money;
    e.completes = completes;
    if (points_back > 0) e.draws.push_back({sale.lots.at(0).id, points_back});
    core::Json detail = {{"receipt_id", rid},
                         {"refund_id", std::string(kind) + ":" + rid},
                         {"response", {{"money_returned", money}}}};
    if (completes) detail["completes_receipt"] = true;
    push_entry(e, at, -money, core::Json::array(), std::move(detail));
  }

  void push_entry(const JournalEntry& e, const std::string& at, std::int64_t spent,
                  const core::Json& lots, core::Json detail) {
    std::string id = id_of(e.reg);
    ++seq_[e.reg];
    core::Json fx = {{"card", e.card}};
    if (!e.card.empty()) fx["spent_delta"] = spent;
    if (!lots.empty()) fx["new_lots"] = lots;
    if (!e.draws.empty()) {
      core::Json d = core::Json::array();
      for (const auto& [lot, p] : e.draws) {
        core::Json draw = {{"lot", lot}, {"points", p}};
        if (draws_name_their_lots && lot_dates_.count(lot)) draw.update(lot_dates_.at(lot));
        d.push_back(draw);
      }
      fx["draws"] = d;
    }
    queue_[e.reg].push_back(core::Json{{"id", id},
                                       {"seq", seq_[e.reg]},
                                       {"kind", e.kind},
                                       {"card", e.card},
                                       {"at", at},
                                       {"receipt_id", e.receipt_id},
                                       {"effects", fx},
                                       {"detail", std::move(detail)}});
    pending_.push_back(id);
    entries_.push_back(e);
  }

 protected:
  std::mt19937 rng_;
  std::vector<std::string> regs_, pending_;
  std::map<std::string, std::string> store_of_;
  std::map<std::string, core::Zone> zone_;
  std::map<std::string, int> seq_;
  std::map<std::string, std::vector<core::Json>> queue_;
  std::map<std::pair<std::string, std::string>, JournalEntry> receipts_;
  std::map<std::string, core::Json> lot_dates_;  // a receipt's lot id → its program and dates
  std::vector<JournalEntry> entries_;
  std::vector<Adjust> adjusts_;
  int adjust_n_ = 0;
};

}  // namespace kopilka::office::test

#include "test_support/report_brute_force.h"
