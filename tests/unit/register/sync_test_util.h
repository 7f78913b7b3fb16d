// Shared by the sync run tests (sync_run_test, sync_push_test, sync_pull_test): a real
// register store in a temp dir, a journalled sale, head office's answers written by hand.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "common/db.h"
#include "core/card_state_json.h"
#include "register/store.h"
#include "register/sync_run.h"
#include "test_support/temp_dir.h"

namespace kopilka::test {

using core::Json;

inline const std::string kCard = "2000000000015";
constexpr core::Instant kAt = 1795510800;  // 2026-11-24 12:00 Moscow

struct TempStore {
  test::TempDir tmp{"kopilka-sync-run"};
  std::string dir = tmp.sub("data");
  std::unique_ptr<daemon::Store> store;
  core::Zone zone = *core::locate_zone("Europe/Moscow");
  TempStore() {
    auto s = daemon::Store::open(dir);
    REQUIRE(s.ok());
    store = std::move(*s);
  }
  ~TempStore() { store.reset(); }
  daemon::SyncOptions options() {
    daemon::SyncOptions o;
    o.zone = zone;
    o.now = [] { return kAt; };
    return o;
  }
  // Journals a sale that earned `points` (and used a coupon of `coupon`, if given).
  std::string journal(std::int64_t points, const std::string& coupon = "") {
    std::string id;
    Json effects = *core::parse_json_exact(
        R"({"card": "2000000000015", "spent_delta": 1000, "purchases_delta": 1, "new_lots":
        [{"id": "0", "program": "cashback", "earned_day": "2026-11-24", "usable_from":
        "2026-11-24", "last_day": null, "points": )" +
        std::to_string(points) + "}]}");
    if (!coupon.empty()) effects["coupon_programs"] = Json::array({coupon});
    REQUIRE(common::in_transaction(store->db(), [&]() -> core::Status {
              auto next = store->next_entry_id();
              if (!next) return next.status();
              id = *next;
              return store->append_journal(id, "receipt", kCard, kAt, effects, Json::object());
            }).is_ok());
    return id;
  }
  std::int64_t balance() {
    auto card = store->load_card(kCard);
    REQUIRE(card.ok());
    REQUIRE(card->has_value());
    std::int64_t sum = -(*card)->debt;
    for (const auto& lot : (*card)->lots) sum += lot.remaining;
    return sum;
  }
};

inline daemon::OfficeAnswer answer(long status, Json body) {
  return {status, std::move(body)};
}

// Applies every pulled change, as the daemon's loop does a slice per turn.
inline void apply_all(daemon::SyncRun& run) {
  while (run.apply_slice()) {
  }
}

// Head office's card: 500 points transferred by hand, plus the first sale's 50.
inline Json office_card(const std::string& first_entry) {
  core::CardState c;
  c.number = kCard;
  c.spent = 1000;
  c.lots.push_back({"office:1/0", "", 20781, 20781, std::nullopt, 500});
  c.lots.push_back({first_entry + "/0", "cashback", 20781, 20781, std::nullopt, 50});
  return core::card_state_to_json(c);
}

}  // namespace kopilka::test
