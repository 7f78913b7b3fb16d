// kopilka-bench-report: the summary report's cost at a chain's scale, in process, on the
// SQLite engine. Ingests a year of receipts, refunds and cancellations from many registers
// in many stores through the real group commit (aggregates kept), times the aggregate work
// alone by replaying it over the same groups, then times every report shape for the year
// (p50/p95) beside the journal scan a report would otherwise be. Prints one JSON line.
// --load aggregates builds only the aggregates (a chain too big to push here: the reports
// read the aggregates, whose size does not depend on how they were filled).
#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "core/card_state_text.h"
#include "core/effects.h"
#include "office/aggregates.h"
#include "office/report.h"
#include "office/sqlite_store.h"
#include "report_pushes.h"

namespace core = kopilka::core;
namespace office = kopilka::office;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
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
  std::string load = "push";
  int aggregate_group = 50000;
  app.add_option("--load", load,
                 "push: through the group commit, then the aggregate work alone timed again; "
                 "aggregates: the aggregates only, in groups of --aggregate-group (no journal)");
  app.add_option("--aggregate-group", aggregate_group);
  int first = 0;
  app.add_option("--first", first,
                 "load only the first N entries of the year of --entries: the ingest share at "
                 "the density of a bigger chain (entries per register and day) without its days");
  bool baseline = false;
  app.add_flag("--baseline", baseline,
               "with --load push: first ingest the same entries into a second office (--dir "
               "with -baseline) that keeps no report sums; their cost is the difference");
  bool keep = false, reuse = false, skip_replay = false, named = false;
  app.add_flag("--named-customers", named,
               "every card of the chain made before the load with a customer of its own "
               "(\"c-N\", as a chain that enrols its customers has them), not only a number");
  app.add_flag("--skip-replay", skip_replay,
               "with --load push: leave out the aggregate work's replay (--baseline measures "
               "the sums' cost without it)");
  app.add_flag("--keep", keep, "keep the office in --dir");
  std::string only;
  app.add_option("--shapes", only, "time only these report shapes (comma-separated)");
  app.add_flag("--reuse", reuse, "time the reports of an office kept in --dir, loading nothing");
  std::string pushes = "interleaved";
  app.add_option("--pushes", pushes,
                 "with --load push: interleaved (a batch from every register in each group of "
                 "2 000 consecutive entries) or shift (each register's day at shift close, "
                 "grouped as the group commit does)")
      ->check(CLI::IsMember({"interleaved", "shift"}));
  CLI11_PARSE(app, argc, argv);
  const int loaded = first > 0 ? std::min(first, entries) : entries;
  // An office asked for again is kept: a reuse that removed it would cost the next run its
  // load (15 minutes at 5 000 000 entries).
  if (reuse && !std::filesystem::exists(dir + "/registers.txt"))
    return std::cerr << "no office kept in " << dir << " (load one with --keep)\n", 1;
  keep = keep || reuse;
  if (!reuse) std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  core::Settings settings;
  settings.zone = *core::locate_zone("Europe/Moscow");
  const char* zones[] = {"Europe/Moscow", "Asia/Yekaterinburg", "Asia/Vladivostok",
                         "Europe/Kaliningrad"};
  // An office in `path` with the chain's stores and registers (their ids into `regs`).
  const auto set_up =
      [&](const std::string& path,
          std::vector<std::string>& regs) -> core::Result<std::unique_ptr<office::SqliteStore>> {
    auto store = office::SqliteStore::open(path, settings);
    if (!store) return store.status();
    auto& s = **store;
    for (int i = 0; i < stores; ++i)
      (void)s.sql().run("INSERT INTO stores(id, name, timezone, created) VALUES ($1, $1, $2, 1)",
                        {"s-" + std::to_string(i), zones[i % 4]});
    for (int i = 0; i < registers; ++i) {
      auto code = s.add_register("till " + std::to_string(i), 1000);
      if (!code) return code.status();
      auto e = s.enroll(*code, "", 1001);
      if (!e) return e.status();
      regs.push_back(e->register_id);
      (void)s.sql().run("UPDATE registers SET store_id = $1 WHERE id = $2",
                        {"s-" + std::to_string(i % stores), e->register_id});
    }
    if (named) {
      // The cards as enrolment leaves them: a customer each, no history yet.
      core::Status made = s.sql().transaction([&]() -> core::Status {
        auto base = s.sql().query("SELECT value FROM meta WHERE key = 'seq'");
        if (!base || base->empty()) return core::Status::corrupt("no seq");
        const std::int64_t seq = std::stoll((*base)[0].text(0));
        for (int i = 1; i <= cards; ++i) {
          core::CardState card;
          card.number = kopilka::bench::report_card_number(i);
          card.customer.emplace();
          card.customer->id = "c-" + std::to_string(i);
          card.customer->name = "Покупатель";
          auto put = s.sql().run(
              "INSERT INTO cards(number, state, seq) VALUES ($1, $2, $3)",
              {card.number, core::card_state_text(card), office::SqlParam::integer(seq + i)});
          if (!put) return put.status();
        }
        auto set = s.sql().run("UPDATE meta SET value = $1 WHERE key = 'seq'",
                               {std::to_string(seq + cards)});
        return set ? core::Status::ok() : set.status();
      });
      if (!made) return made;
    }
    return store;
  };
  std::vector<std::string> regs;
  const std::string regs_file = dir + "/registers.txt";
  auto store = reuse ? office::SqliteStore::open(dir, settings) : set_up(dir, regs);
  if (!store) return std::cerr << store.status().message() << "\n", 1;
  auto& s = **store;
  for (std::ifstream in(regs_file); reuse && in;) {
    std::string id;
    if (in >> id) regs.push_back(id);
  }
  if (!reuse) {
    std::ofstream regs_out(regs_file);
    for (const std::string& id : regs) regs_out << id << "\n";
  }
  using kopilka::bench::ReportPushes;
  const auto shape =
      pushes == "shift" ? ReportPushes::Shape::kShift : ReportPushes::Shape::kInterleaved;
  const auto pushes_of = [&](const std::vector<std::string>& ids, ReportPushes::Shape as, int per) {
    return ReportPushes(kopilka::bench::ReportJournal(ids, cards, entries, settings.zone), loaded,
                        as, per);
  };
  // aggregate_ms: the replay's transactions whole; aggregate_body_ms: without their commits
  // (the ingest commits once per group for entries and aggregates together, and with
  // synchronous=FULL a commit's fsync is most of a small transaction's time).
  double ingest_ms = 0, ingest_cpu_ms = 0, aggregate_ms = 0, aggregate_body_ms = 0;
  std::size_t applied = 0;
  // Ingest: the pushes' groups (report_pushes.h) through the real group commit; its time and the
  // entries applied. Beside the wall time, this process's CPU time (user and system: SQLite's page
  // reads from the OS's cache are system time); the commits' fsync waits are in the wall time only.
  struct Timed {
    double ms = 0, cpu_ms = 0;
    std::size_t applied = 0;
    // The same by tenth of the entries given, in order: the office grows through the load.
    std::array<double, 10> tenth_ms{}, tenth_cpu_ms{};
  };
  struct Office {
    office::SqliteStore* store;
    const std::vector<std::string>* ids;
  };
  // Each office is given the same groups, in turn group by group: what a shared machine's
  // other load costs falls on them alike, as it would not on two ingests one after the other.
  const auto ingest = [&](const std::vector<Office>& into) -> core::Result<std::vector<Timed>> {
    std::vector<ReportPushes> sources;
    for (const Office& o : into) sources.push_back(pushes_of(*o.ids, shape, group_size));
    std::vector<Timed> out(into.size());
    std::vector<std::size_t> given(into.size(), 0);
    for (bool more = true; more;) {
      for (std::size_t k = 0; k < into.size(); ++k) {
        const std::vector<std::string>& ids = *into[k].ids;
        const std::size_t tenth = std::min<std::size_t>(9, given[k] * 10 / loaded);
        std::vector<office::PendingPush> group;
        for (auto& [r, b] : sources[k].next()) {
          auto parsed = office::parse_push(ids[static_cast<std::size_t>(r)], b);
          if (!parsed) return parsed.status();
          group.push_back({ids[static_cast<std::size_t>(r)], std::move(*parsed), {}});
          given[k] += group.back().entries.size();
        }
        if (group.empty()) {
          more = false;
          continue;
        }
        auto t0 = Clock::now();
        const std::clock_t c0 = std::clock();
        if (auto st = into[k].store->apply_pushes(group, 2000); !st) return st;
        const double cpu = 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
        const double wall = ms_since(t0);
        out[k].cpu_ms += cpu;
        out[k].ms += wall;
        out[k].tenth_cpu_ms[tenth] += cpu;
        out[k].tenth_ms[tenth] += wall;
        for (const auto& p : group) out[k].applied += p.result.applied;
      }
    }
    return out;
  };
  // With --baseline, the same ingest into an office that keeps no report sums beside the
  // real one: what the sums cost the ingest is the difference.
  std::optional<Timed> baseline_timed;
  Timed with_sums;
  if (load == "push" && !reuse) {
    std::vector<Office> offices{{&s, &regs}};
    std::unique_ptr<office::SqliteStore> bare;
    std::vector<std::string> other_regs;
    const std::string other = dir + "-baseline";
    if (baseline) {
      std::filesystem::remove_all(other);
      std::filesystem::create_directories(other);
      auto made = set_up(other, other_regs);
      if (!made) return std::cerr << made.status().message() << "\n", 1;
      bare = std::move(*made);
      bare->skip_report_sums_for_benchmark();
      offices.push_back({bare.get(), &other_regs});
    }
    auto timed = ingest(offices);
    if (!timed) return std::cerr << timed.status().message() << "\n", 1;
    if (baseline) {
      baseline_timed = (*timed)[1];
      bare.reset();
      std::filesystem::remove_all(other);
    }
    with_sums = (*timed)[0];
    ingest_ms = (*timed)[0].ms;
    ingest_cpu_ms = (*timed)[0].cpu_ms;
    applied = (*timed)[0].applied;
    // The aggregate work alone, below, into tables emptied first.
    if (!skip_replay)
      for (const char* table :
           {"report_days", "report_chain_days", "report_chain_program_days", "report_customer_days",
            "report_program_days", "report_receipt_packs", "report_visit_steps",
            "report_visit_gaps", "report_customer_rows"})
        (void)s.sql().run(std::string("DELETE FROM ") + table);
    if (!skip_replay) (void)s.sql().run("UPDATE cards SET report_rows = NULL");  // their lists
  }
  // The aggregates over groups of the same entries, in their own transactions (cards' lots
  // from a card-state replay kept outside the timer): the aggregate work alone after a push
  // ingest, or the whole load with --load aggregates.
  if (!reuse && !(load == "push" && skip_replay)) {
    const int per = load == "push" ? group_size : aggregate_group;
    auto source = pushes_of(regs, load == "push" ? shape : ReportPushes::Shape::kInterleaved, per);
    std::map<std::string, core::CardState> states;
    for (auto group = source.next(); !group.empty(); group = source.next()) {
      std::vector<office::PushEntry> items;
      std::vector<std::vector<core::PointLot>> before;
      std::vector<core::CardState> after;
      std::vector<int> owner;
      for (auto& [r, batch] : group) {
        auto parsed = office::parse_push(regs[static_cast<std::size_t>(r)], batch);
        if (!parsed) return std::cerr << parsed.status().message() << "\n", 1;
        for (office::PushEntry& p : *parsed) {
          core::CardState& c = states[p.card];
          c.number = p.card;
          before.push_back(c.lots);
          (void)core::apply_effects(c, p.effects, p.id, core::local_day(p.at, settings.zone));
          after.push_back(c);
          owner.push_back(r);
          items.push_back(std::move(p));
        }
      }
      auto t0 = Clock::now();
      double body_ms = 0;
      auto st = s.sql().transaction([&]() -> core::Status {
        const auto b0 = Clock::now();
        struct Timed {
          double& ms;
          Clock::time_point b0;
          ~Timed() { ms += ms_since(b0); }
        } timed{body_ms, b0};
        office::Aggregates report(s.sql(), settings.zone);
        for (std::size_t i = 0; i < items.size(); ++i) {
          const auto& p = items[i];
          if (auto e = report.add(office::aggregate_entry(
                  regs[static_cast<std::size_t>(owner[i])], p.kind, p.body, p.at, p.effects,
                  before[i], p.card.empty() ? nullptr : &after[i],
                  p.report ? &*p.report : nullptr));
              !e)
            return e;
        }
        return report.flush();
      });
      if (!st) return std::cerr << st.message() << "\n", 1;
      aggregate_ms += ms_since(t0);
      aggregate_body_ms += body_ms;
      if (load != "push") applied += items.size();
    }
  }
  // Reports for the year: every shape, 20 times each; and the journal scan beside them.
  const core::Day from = *core::parse_date("2025-12-01"), to = *core::parse_date("2026-11-30");
  core::Json reports = core::Json::object();
  for (const std::string shape :
       {"total", "day", "week", "month", "store", "store_month", "register"}) {
    if (!only.empty() && ("," + only + ",").find("," + shape + ",") == std::string::npos) continue;
    office::ReportQuery q;
    q.from = from;
    q.to = to;
    if (shape == "day" || shape == "week" || shape == "month") q.group = shape;
    if (shape == "store_month") q.group = "month";
    if (shape == "store" || shape == "store_month") q.store = "s-1";
    if (shape == "register") q.register_id = regs[3];
    // Beside the wall time, this process's CPU time: on a shared machine the wall time
    // also holds the time others' processes had the cores.
    std::vector<double> t, cpu;
    for (int i = 0; i < 20; ++i) {
      auto t0 = Clock::now();
      const std::clock_t c0 = std::clock();
      auto r = office::summary_report(s.sql(), q, to, settings.zone, 100);
      cpu.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
      t.push_back(ms_since(t0));
      if (!r) return std::cerr << r.status().message() << "\n", 1;
    }
    std::sort(t.begin(), t.end());
    std::sort(cpu.begin(), cpu.end());
    reports[shape] = {{"p50_ms", std::round(t[10] * 10) / 10},
                      {"p95_ms", std::round(t[18] * 10) / 10},
                      {"cpu_p50_ms", std::round(cpu[10] * 10) / 10},
                      {"cpu_p95_ms", std::round(cpu[18] * 10) / 10}};
  }
  core::Json out = {{"registers", registers},
                    {"stores", stores},
                    {"cards", cards},
                    {"entries", reuse ? entries : static_cast<int>(applied)},
                    {"entries_in_the_year", entries},
                    {"load", reuse ? "reused" : load},
                    {"aggregate_ms", std::round(aggregate_ms)},
                    {"aggregate_body_ms", std::round(aggregate_body_ms)},
                    {"reports_year", reports}};
  if (load == "push" && !reuse) {
    out["pushes"] = pushes;
    auto t0 = Clock::now();
    auto scan = s.sql().query(
        "SELECT COUNT(*), SUM(json_extract(body, '$.detail.total')) FROM entries WHERE kind = "
        "'receipt' AND at BETWEEN $1 AND $2",
        {std::to_string(kopilka::bench::ReportJournal::start()),
         std::to_string(kopilka::bench::ReportJournal::start() + 365 * 86400)});
    const double scan_ms = ms_since(t0);
    if (!scan) return std::cerr << scan.status().message() << "\n", 1;
    out["ingest_entries_per_s"] = std::round(applied / (ingest_ms / 1000));
    out["ingest_ms"] = std::round(ingest_ms);
    out["aggregate_share_of_ingest"] = std::round(aggregate_body_ms / ingest_ms * 1000) / 1000;
    out["aggregate_share_with_own_commits"] = std::round(aggregate_ms / ingest_ms * 1000) / 1000;
    out["journal_scan_revenue_only_ms"] = std::round(scan_ms);
    out["ingest_cpu_ms"] = std::round(ingest_cpu_ms);
    if (baseline_timed) {
      const auto share = [](double with, double without) {
        return std::round((with - without) / with * 1000) / 1000;
      };
      out["ingest_without_aggregates_ms"] = std::round(baseline_timed->ms);
      out["ingest_without_aggregates_cpu_ms"] = std::round(baseline_timed->cpu_ms);
      out["aggregate_cost_share_of_ingest"] = share(ingest_ms, baseline_timed->ms);
      out["aggregate_cpu_share_of_ingest"] = share(ingest_cpu_ms, baseline_timed->cpu_ms);
      // By tenth of the load: [wall share, CPU share], the office growing.
      core::Json by_tenth = core::Json::array();
      for (std::size_t t = 0; t < 10; ++t)
        by_tenth.push_back({share(with_sums.tenth_ms[t], baseline_timed->tenth_ms[t]),
                            share(with_sums.tenth_cpu_ms[t], baseline_timed->tenth_cpu_ms[t])});
      out["aggregate_share_by_tenth"] = by_tenth;
    }
  }
  std::cout << out.dump() << "\n";
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}
