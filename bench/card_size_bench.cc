// kopilka-bench-card-size: how a card's state grows with its receipts, folded
// (apply_effects, core/card_fold.h) and unfolded (apply_effects_unfolded, what every version
// before folding stored). A customer of one register buys 10 times a day with a 5 % bonus
// (45 points a receipt, usable 30 days) and pays 20 points every third receipt, so most
// points burn. After 10 and after 1 000 receipts: the size of the stored state and the time of
// the card work of one confirm at the register (read the stored state, calculate, apply
// the effects, write the state back), p50/p99 in microseconds. Prints one JSON object.
#include <algorithm>
#include <chrono>
#include <iostream>

#include <CLI/CLI.hpp>

#include "core/card_state_json.h"
#include "core/card_state_text.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "core/receipt_request.h"

namespace core = kopilka::core;
using Clock = std::chrono::steady_clock;

namespace {

const core::Instant kStart = 1767250800;  // 2026-01-01 10:00 in Moscow

core::Json receipt_body(int n, const core::Instant at, const core::Zone& zone, bool pay) {
  core::Json body = {{"receipt_id", "R-" + std::to_string(n)},
                     {"at", core::format_rfc3339(at, zone)},
                     {"card", "2000000000015"},
                     {"lines",
                      {{{"line", 1},
                        {"sku", "A-17"},
                        {"name", "Шампунь"},
                        {"category", "cosmetics"},
                        {"qty", 2},
                        {"price", 45000}}}}};
  if (pay) body["redeem_points"] = 20;
  return body;
}

struct Setup {
  core::Settings settings;
  core::ProgramSet programs;
};

Setup make_setup() {
  Setup s;
  s.settings.zone = *core::locate_zone("Europe/Moscow");
  auto set = core::ProgramSet::build(
      {core::Json{{"id", "cashback"},
                  {"name", "Кешбэк 5%"},
                  {"kind", "bonus"},
                  {"percent", 5},
                  {"points", {{"lifetime_days", 30}, {"max_redeem_percent", 50}}}}});
  if (!set) {
    std::cerr << "programs: " << set.status().message() << "\n";
    std::exit(1);
  }
  s.programs = std::move(*set);
  return s;
}

using Apply = core::Status (*)(core::CardState&, const core::CardEffects&, const std::string&,
                               core::Day);

// One confirm's card work: what the register does with the card per receipt.
core::CardState confirm(const Setup& s, const std::string& stored, int n, Apply apply) {
  const core::Instant at = kStart + static_cast<core::Instant>(n / 10) * 86400 + (n % 10) * 60;
  auto card = core::card_state_from_json(*core::parse_json_exact(stored));
  auto request = core::parse_receipt_request(receipt_body(n, at, s.settings.zone, n % 3 == 2), at);
  core::CalcOutcome out = core::calculate(*request, &*card, s.programs, {}, s.settings);
  core::Status applied = apply(*card, out.effects, "r-1:" + std::to_string(n + 1),
                               core::local_day(at, s.settings.zone));
  if (!applied) {
    std::cerr << "apply: " << applied.message() << "\n";
    std::exit(1);
  }
  return std::move(*card);
}

core::Json measure(const Setup& s, int receipts, Apply apply, int samples) {
  core::CardState card;
  card.number = "2000000000015";
  std::string stored = core::card_state_text(card);
  for (int n = 0; n < receipts; ++n) stored = core::card_state_text(confirm(s, stored, n, apply));
  auto lots = core::card_state_from_json(*core::parse_json_exact(stored))->lots.size();
  std::vector<double> us;
  for (int i = 0; i < samples; ++i) {
    auto t0 = Clock::now();
    std::string next = core::card_state_text(confirm(s, stored, receipts, apply));
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (next.empty()) std::exit(1);
  }
  std::sort(us.begin(), us.end());
  return {{"receipts", receipts},
          {"lots", lots},
          {"state_bytes", stored.size()},
          {"confirm_card_us", {{"p50", us[us.size() / 2]}, {"p99", us[us.size() * 99 / 100]}}}};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Measures a card's state size and confirm work, folded and unfolded"};
  int samples = 2000;
  app.add_option("--samples", samples);
  CLI11_PARSE(app, argc, argv);
  const Setup s = make_setup();
  core::Json out = core::Json::object();
  for (int n : {10, 1000}) {
    const Apply folded = [](core::CardState& card, const core::CardEffects& effects,
                            const std::string& entry_id, core::Day today) {
      return core::apply_effects(card, effects, entry_id, today);
    };
    out["folded"].push_back(measure(s, n, folded, samples));
    out["unfolded"].push_back(measure(s, n, core::apply_effects_unfolded, samples));
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}
