// kopilka-bench-report: the summary report's cost at a chain's scale, in process, on the
// SQLite engine. Ingests a year of receipts, refunds and cancellations from many registers
// in many stores through the real group commit (aggregates kept), times the aggregate work
// alone by replaying it over the same groups, then times every report shape for the year
// (p50/p95) beside the journal scan a report would otherwise be. Prints one JSON line.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>

#include <CLI/CLI.hpp>

#include "core/effects.h"
#include "office/aggregates.h"
#include "office/report.h"
#include "office/sqlite_store.h"

namespace core = kopilka::core;
namespace office = kopilka::office;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string card_number(int i) {
  std::string body = "2" + std::string(11 - std::to_string(i).size(), '0') + std::to_string(i);
  int sum = 0;
  for (int k = 0; k < 12; ++k) sum += (body[static_cast<std::size_t>(k)] - '0') * (k % 2 ? 3 : 1);
  return body + std::to_string((10 - sum % 10) % 10);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"summary report benchmark"};
  int registers = 200, stores = 20, cards = 50000, entries = 200000, group_size = 2000;
  std::string dir = "/tmp/kopilka-bench-report";
  app.add_option("--registers", registers);
  app.add_option("--stores", stores);
  app.add_option("--cards", cards);
  app.add_option("--entries", entries);
  app.add_option("--dir", dir);
  CLI11_PARSE(app, argc, argv);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  core::Settings settings;
  settings.zone = *core::locate_zone("Europe/Moscow");
  auto store = office::SqliteStore::open(dir, settings);
  if (!store) return std::cerr << store.status().message() << "\n", 1;
  auto& s = **store;
  const char* zones[] = {"Europe/Moscow", "Asia/Yekaterinburg", "Asia/Vladivostok",
                         "Europe/Kaliningrad"};
  std::vector<std::string> regs;
  for (int i = 0; i < stores; ++i)
    (void)s.sql().run("INSERT INTO stores(id, name, timezone, created) VALUES ($1, $1, $2, 1)",
                      {"s-" + std::to_string(i), zones[i % 4]});
  for (int i = 0; i < registers; ++i) {
    auto code = s.add_register("till " + std::to_string(i), 1000);
    auto e = s.enroll(*code, "", 1001);
    regs.push_back(e->register_id);
    (void)s.sql().run("UPDATE registers SET store_id = $1 WHERE id = $2",
                      {"s-" + std::to_string(i % stores), e->register_id});
  }
  // A year of entries, in time order, each register pushing its own in sequence.
  std::mt19937 rng(1);
  const core::Instant start = *core::parse_rfc3339("2025-12-01T06:00:00Z");
  const double step = 365.0 * 86400 / entries;
  std::vector<int> seq(static_cast<std::size_t>(registers), 0);
  std::vector<std::vector<core::Json>> open(static_cast<std::size_t>(registers));
  std::vector<std::pair<int, core::Json>> journal;
  journal.reserve(static_cast<std::size_t>(entries));
  for (int i = 0; i < entries; ++i) {
    const int r = static_cast<int>(rng() % static_cast<unsigned>(registers));
    const std::string& reg = regs[static_cast<std::size_t>(r)];
    const core::Instant at = start + static_cast<core::Instant>(i * step);
    const std::string when = core::format_rfc3339(at, settings.zone);
    const core::Day day = core::local_day(at, settings.zone);
    const std::string id = reg + ":" + std::to_string(++seq[static_cast<std::size_t>(r)]);
    auto& mine = open[static_cast<std::size_t>(r)];
    const unsigned roll = rng() % 100;
    core::Json e;
    if (roll < 92 || mine.empty()) {
      const bool with_card = rng() % 10 < 7;
      const std::string card =
          with_card ? card_number(1 + static_cast<int>(rng() % static_cast<unsigned>(cards))) : "";
      const std::int64_t total = 5000 + rng() % 300000;
      core::Json fx = {{"card", card}};
      core::Json applied = core::Json::array();
      if (with_card) {
        fx["spent_delta"] = total;
        fx["new_lots"] = {{{"id", "0"},
                           {"program", "bonus"},
                           {"earned_day", core::format_date(day)},
                           {"usable_from", core::format_date(day)},
                           {"last_day", core::format_date(day + 180)},
                           {"points", total / 100}}};
        applied.push_back({{"program", "bonus"}, {"points", total / 100}});
      }
      if (rng() % 4 == 0) applied.push_back({{"program", "promo"}, {"discount", total / 10}});
      const std::string rid = "R" + std::to_string(i);
      e = {{"id", id},
           {"kind", "receipt"},
           {"card", card},
           {"at", when},
           {"receipt_id", rid},
           {"effects", fx},
           {"detail",
            {{"receipt_id", rid}, {"total", total}, {"response", {{"applied", applied}}}}}};
      mine.push_back({{"rid", rid},
                      {"card", card},
                      {"total", total},
                      {"lot", id + "/0"},
                      {"points", total / 100}});
      if (mine.size() > 20) mine.erase(mine.begin());
    } else {
      const std::size_t k = rng() % mine.size();
      core::Json sale = mine[k];
      mine.erase(mine.begin() + static_cast<long>(k));
      const bool cancel = roll >= 97;
      const std::int64_t money =
          cancel ? sale["total"].get<std::int64_t>() : sale["total"].get<std::int64_t>() / 2;
      core::Json fx = {{"card", sale["card"]}};
      const std::string card = sale["card"];
      if (!card.empty()) {
        fx["spent_delta"] = -money;
        std::int64_t back = sale["points"].get<std::int64_t>() / (cancel ? 1 : 2);
        if (back > 0) fx["draws"] = {{{"lot", sale["lot"]}, {"points", back}}};
      }
      e = {{"id", id},
           {"kind", cancel ? "cancel" : "refund"},
           {"card", card},
           {"at", when},
           {"effects", fx},
           {"detail", {{"receipt_id", sale["rid"]}, {"response", {{"money_returned", money}}}}}};
    }
    journal.emplace_back(r, std::move(e));
  }
  // Ingest: groups of consecutive entries, one batch per register in each group.
  double ingest_ms = 0;
  std::size_t applied = 0;
  for (std::size_t g = 0; g < journal.size(); g += static_cast<std::size_t>(group_size)) {
    std::map<int, core::Json> batches;
    for (std::size_t i = g; i < std::min(journal.size(), g + static_cast<std::size_t>(group_size));
         ++i)
      batches[journal[i].first].push_back(journal[i].second);
    std::vector<office::PendingPush> group;
    for (auto& [r, b] : batches) {
      auto parsed = office::parse_push(regs[static_cast<std::size_t>(r)], b);
      if (!parsed) return std::cerr << parsed.status().message() << "\n", 1;
      group.push_back({regs[static_cast<std::size_t>(r)], std::move(*parsed), {}});
    }
    auto t0 = Clock::now();
    if (auto st = s.apply_pushes(group, 2000); !st) return std::cerr << st.message() << "\n", 1;
    ingest_ms += ms_since(t0);
    for (const auto& p : group) applied += p.result.applied;
  }
  // The aggregate work alone: the same entries' sums, over the same groups, into tables
  // emptied first (cards' lots from a card-state replay kept outside the timer).
  (void)s.sql().run("DELETE FROM report_days");
  (void)s.sql().run("DELETE FROM report_customer_days");
  (void)s.sql().run("DELETE FROM report_first_days");
  (void)s.sql().run("DELETE FROM report_program_days");
  (void)s.sql().run("DELETE FROM report_receipts");
  (void)s.sql().run("DELETE FROM report_visit_steps");
  (void)s.sql().run("DELETE FROM report_visit_gaps");
  std::map<std::string, core::CardState> states;
  double aggregate_ms = 0;
  for (std::size_t g = 0; g < journal.size(); g += static_cast<std::size_t>(group_size)) {
    std::vector<office::PushEntry> items;
    std::vector<std::vector<core::PointLot>> before;
    std::vector<core::CardState> after;
    std::vector<int> owner;
    for (std::size_t i = g; i < std::min(journal.size(), g + static_cast<std::size_t>(group_size));
         ++i) {
      auto parsed = office::parse_push(regs[static_cast<std::size_t>(journal[i].first)],
                                       core::Json::array({journal[i].second}));
      office::PushEntry p = std::move((*parsed)[0]);
      core::CardState& c = states[p.card];
      c.number = p.card;
      before.push_back(c.lots);
      (void)core::apply_effects(c, p.effects, p.id, core::local_day(p.at, settings.zone));
      after.push_back(c);
      owner.push_back(journal[i].first);
      items.push_back(std::move(p));
    }
    auto t0 = Clock::now();
    auto st = s.sql().transaction([&]() -> core::Status {
      office::Aggregates report(s.sql(), settings.zone);
      for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& p = items[i];
        if (auto e = report.add(office::aggregate_entry(regs[static_cast<std::size_t>(owner[i])],
                                                        p.kind, p.body, p.at, p.effects, before[i],
                                                        p.card.empty() ? nullptr : &after[i]));
            !e)
          return e;
      }
      return report.flush();
    });
    if (!st) return std::cerr << st.message() << "\n", 1;
    aggregate_ms += ms_since(t0);
  }
  // Reports for the year: every shape, 20 times each; and the journal scan beside them.
  const core::Day from = *core::parse_date("2025-12-01"), to = *core::parse_date("2026-11-30");
  core::Json reports = core::Json::object();
  for (const std::string shape : {"total", "day", "week", "month", "store", "register"}) {
    office::ReportQuery q;
    q.from = from;
    q.to = to;
    if (shape == "day" || shape == "week" || shape == "month") q.group = shape;
    if (shape == "store") q.store = "s-1";
    if (shape == "register") q.register_id = regs[3];
    std::vector<double> t;
    for (int i = 0; i < 20; ++i) {
      auto t0 = Clock::now();
      auto r = office::summary_report(s.sql(), q, to, settings.zone, 100);
      t.push_back(ms_since(t0));
      if (!r) return std::cerr << r.status().message() << "\n", 1;
    }
    std::sort(t.begin(), t.end());
    reports[shape] = {{"p50_ms", std::round(t[10] * 10) / 10},
                      {"p95_ms", std::round(t[18] * 10) / 10}};
  }
  auto t0 = Clock::now();
  auto scan = s.sql().query(
      "SELECT COUNT(*), SUM(json_extract(body, '$.detail.total')) FROM entries WHERE kind = "
      "'receipt' AND at BETWEEN $1 AND $2",
      {std::to_string(start), std::to_string(start + 365 * 86400)});
  const double scan_ms = ms_since(t0);
  if (!scan) return std::cerr << scan.status().message() << "\n", 1;
  core::Json out = {
      {"registers", registers},
      {"stores", stores},
      {"cards", cards},
      {"entries", applied},
      {"ingest_entries_per_s", std::round(applied / (ingest_ms / 1000))},
      {"ingest_ms", std::round(ingest_ms)},
      {"aggregate_ms", std::round(aggregate_ms)},
      {"aggregate_share_of_ingest", std::round(aggregate_ms / ingest_ms * 1000) / 1000},
      {"reports_year", reports},
      {"journal_scan_revenue_only_ms", std::round(scan_ms)}};
  std::cout << out.dump() << "\n";
  std::filesystem::remove_all(dir);
  return 0;
}
