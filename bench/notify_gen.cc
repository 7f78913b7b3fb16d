// kopilka-bench-notify-gen: a head office (SQLite) for the notification benchmark
// (docs/benchmarks.md "Notifications"): N cards of bench_data's chain, each with a lot
// that burns in five days (inside the warning window, so the nightly scan queues one
// points_burning per card and channel) and a customer who consented to e-mail and SMS.
// Written straight to SQLite in big transactions; the office process runs the scan.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <random>

#include "bench/bench_data.h"
#include "common/db.h"
#include "core/card_state_text.h"
#include "office/storage.h"

namespace kb = kopilka::bench;
namespace core = kopilka::core;
namespace office = kopilka::office;

int main(int argc, char** argv) {
  CLI::App app{"notification benchmark data"};
  std::string dir;
  std::int64_t cards = 100000;
  app.add_option("--dir", dir, "head office data dir (office.db is made there)")->required();
  app.add_option("--cards", cards, "cards (default 100 000)");
  CLI11_PARSE(app, argc, argv);

  core::Settings settings;
  settings.zone = *core::locate_zone("Europe/Moscow");
  {
    auto store = office::open_storage(office::StorageUrl{}, dir, settings);  // the schema
    if (!store) {
      std::fprintf(stderr, "%s\n", store.status().message().c_str());
      return 1;
    }
  }
  auto db = kopilka::common::Db::open(dir + "/office.db");
  if (!db) {
    std::fprintf(stderr, "%s\n", db.status().message().c_str());
    return 1;
  }
  (void)(*db)->exec("PRAGMA synchronous=OFF");
  const core::Day today = core::local_day(std::time(nullptr), settings.zone);
  kb::Rng rng(7);
  constexpr std::int64_t kBatch = 50000;
  for (std::int64_t start = 0; start < cards; start += kBatch) {
    if (auto s = (*db)->exec("BEGIN"); !s) return 1;
    auto ins =
        (*db)->prepare("INSERT INTO cards(number, phone, state, seq) VALUES (?1, ?2, ?3, ?4)");
    if (!ins) return 1;
    for (std::int64_t i = start; i < std::min(cards, start + kBatch); ++i) {
      core::CardState card = kb::make_card(i + 1, today, rng);
      card.status = core::CardStatus::kActive;
      card.purchases = std::max<std::int64_t>(card.purchases, 2);  // no welcome: a known customer
      card.customer->phone = "+79" + card.number.substr(4, 9);
      card.customer->email = "c" + std::to_string(i + 1) + "@example.ru";
      card.customer->consents.email = card.customer->consents.sms = true;
      core::PointLot lot;
      lot.id = "r-gen:" + std::to_string(i + 1) + "/burn";
      lot.earned_day = today - 177;
      lot.usable_from = lot.earned_day;
      lot.last_day = today + 5;
      lot.remaining = 100 + static_cast<std::int64_t>(rng() % 900);
      card.lots.push_back(lot);
      auto r = ins->bind(1, card.number)
                   .bind_optional(2, card.customer->phone)
                   .bind(3, core::card_state_text(card))
                   .bind(4, i + 1)
                   .run();
      if (!r) {
        std::fprintf(stderr, "%s\n", r.message().c_str());
        return 1;
      }
    }
    if (auto s = (*db)->exec("COMMIT"); !s) return 1;
  }
  if (auto s =
          (*db)->exec("UPDATE meta SET value = '" + std::to_string(cards) + "' WHERE key = 'seq'");
      !s)
    return 1;
  std::printf("{\"cards\": %lld}\n", static_cast<long long>(cards));
  return 0;
}
