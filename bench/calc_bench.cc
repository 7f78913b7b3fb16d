// kopilka-bench-calc: the rules engine alone (core::calculate) on realistic receipts, as
// p50/p99 microseconds, for one configuration and for sweeps over receipt lines and program
// count. Beside it, the floor of the measurement itself: one timed copy of the request.
// Prints one JSON object to stdout.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "bench/bench_data.h"
#include "core/engine.h"
#include "core/receipt_request.h"

namespace kb = kopilka::bench;
namespace core = kopilka::core;
using Clock = std::chrono::steady_clock;

namespace {

struct Percentiles {
  double p50 = 0, p99 = 0;
};

Percentiles percentiles(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))];
  };
  return {at(0.50), at(0.99)};
}

core::Json to_json(Percentiles p) {
  return {{"p50", p.p50}, {"p99", p.p99}};
}

struct Setup {
  core::Settings settings;
  core::ProgramSet programs;
  std::vector<core::CardState> cards;
  std::vector<core::ReceiptRequest> receipts;
};

Setup make_setup(int lines, int programs, int variants) {
  Setup s;
  s.settings.zone = *core::locate_zone("Europe/Moscow");
  s.settings.no_loyalty_categories = {"tobacco"};
  auto set = core::ProgramSet::build(kb::make_programs(programs));
  if (!set) {
    std::cerr << "programs: " << set.status().message() << "\n";
    std::exit(1);
  }
  s.programs = std::move(*set);
  const core::Instant now = 1795000000;  // a Tuesday morning in November 2026, Moscow
  const core::Day today = core::local_day(now, s.settings.zone);
  kb::Rng rng(1);
  for (int i = 0; i < variants; ++i) {
    s.cards.push_back(kb::make_card(1 + i, today, rng));
    core::Json body = kb::make_receipt("B-" + std::to_string(i), s.cards.back().number, lines,
                                       core::format_rfc3339(now, s.settings.zone), rng);
    if (i % 5 == 0) body["coupons"] = {"CODE6"};
    auto r = core::parse_receipt_request(body, now);
    if (!r) {
      std::cerr << "receipt: " << r.status().message() << "\n";
      std::exit(1);
    }
    s.receipts.push_back(std::move(*r));
  }
  return s;
}

// Times `iterations` calculations cycling through the setup's cards and receipts.
Percentiles run(const Setup& s, int iterations) {
  std::vector<double> us;
  us.reserve(iterations);
  std::size_t sink = 0;
  for (int i = 0; i < iterations; ++i) {
    const std::size_t k = i % s.receipts.size();
    auto t0 = Clock::now();
    core::CalcOutcome out = core::calculate(s.receipts[k], &s.cards[k], s.programs, {}, s.settings);
    auto t1 = Clock::now();
    sink += static_cast<std::size_t>(out.total);
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  if (sink == 42) std::cerr << "";  // keeps the work observable
  return percentiles(us);
}

// The floor: timing a copy of the request the engine has to read at least once.
Percentiles floor_copy(const Setup& s, int iterations) {
  std::vector<double> us;
  std::size_t sink = 0;
  for (int i = 0; i < iterations; ++i) {
    const std::size_t k = i % s.receipts.size();
    auto t0 = Clock::now();
    core::ReceiptRequest copy = s.receipts[k];
    auto t1 = Clock::now();
    sink += copy.lines.size();
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  if (sink == 42) std::cerr << "";
  return percentiles(us);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Times Kopilka's rules engine in process"};
  int lines = 20, programs = 30, iterations = 20000, sweep_iterations = 2000;
  bool sweep = false;
  app.add_option("--lines", lines);
  app.add_option("--programs", programs);
  app.add_option("--iterations", iterations);
  app.add_flag("--sweep", sweep, "also time 1–200 lines and 1–200 programs");
  app.add_option("--sweep-iterations", sweep_iterations);
  CLI11_PARSE(app, argc, argv);

  Setup main_setup = make_setup(lines, programs, 64);
  run(main_setup, iterations / 10 + 1);  // warm caches and allocator
  core::Json out;
  out["calc_inprocess_us"] = to_json(run(main_setup, iterations));
  out["calc_inprocess_us"]["lines"] = lines;
  out["calc_inprocess_us"]["programs"] = programs;
  out["calc_floor_us"] = to_json(floor_copy(main_setup, iterations));
  if (sweep) {
    core::Json by_lines = core::Json::array(), by_programs = core::Json::array();
    for (int n : {1, 5, 10, 20, 40, 100, 200}) {
      Setup s = make_setup(n, programs, 16);
      core::Json row = to_json(run(s, sweep_iterations));
      row["lines"] = n;
      by_lines.push_back(row);
    }
    for (int n : {1, 5, 10, 30, 60, 100, 200}) {
      Setup s = make_setup(lines, n, 16);
      core::Json row = to_json(run(s, sweep_iterations));
      row["programs"] = n;
      by_programs.push_back(row);
    }
    out["calc_vs_lines_us"] = by_lines;
    out["calc_vs_programs_us"] = by_programs;
  }
  std::cout << out.dump() << "\n";
  return 0;
}
