// Tests of the offline wallet limit at the register (register/wallet_offline.h): no limit
// without head office or within wallet_offline_hours of the last sync; otherwise the limit
// less what the card paid here that head office has not acknowledged (Store).
#include "register/wallet_offline.h"

#include <doctest/doctest.h>

#include "register/store.h"
#include "test_support/temp_dir.h"

using namespace kopilka;

TEST_CASE("wallet offline limit: none without head office or after a recent sync") {
  core::Settings s;  // 24 hours, 300000 kopecks
  daemon::WalletOfflineFacts f;
  f.now = 1'000'000;
  f.last_sync = std::nullopt;
  CHECK_FALSE(daemon::wallet_offline_left(f, s));  // no head office: no limit
  f.office_configured = true;
  CHECK(daemon::wallet_offline_left(f, s) == 300000);  // configured, never synced: offline
  f.last_sync = f.now - 24 * 3600 + 1;
  CHECK_FALSE(daemon::wallet_offline_left(f, s));
  f.last_sync = f.now - 24 * 3600;  // exactly the hours: offline
  f.paid_unsynced = 120000;
  CHECK(daemon::wallet_offline_left(f, s) == 180000);
  f.paid_unsynced = 400000;
  CHECK(daemon::wallet_offline_left(f, s) == 0);
  // A last sync "in the future": a few minutes is time sync stepping the clock back;
  // beyond that the clock ran ahead when it synced, and how long ago that was is unknown.
  f.paid_unsynced = 0;
  f.last_sync = f.now + 5 * 60;
  CHECK_FALSE(daemon::wallet_offline_left(f, s));
  f.last_sync = f.now + 5 * 60 + 1;
  CHECK(daemon::wallet_offline_left(f, s) == 300000);
  f.last_sync = f.now + 365 * 24 * 3600;
  CHECK(daemon::wallet_offline_left(f, s) == 300000);
  f.paid_unsynced = 400000;
  s.wallet_offline_hours = 1;
  s.wallet_offline_limit = 0;
  f.last_sync = f.now - 3600;
  CHECK(daemon::wallet_offline_left(f, s) == 0);
}

TEST_CASE("wallet offline limit: the card's unacknowledged receipt payments count") {
  test::TempDir tmp{"kopilka-wallet-offline-test"};
  auto store = daemon::Store::open(tmp.sub("data"));
  REQUIRE(store.ok());
  auto journal = [&](const std::string& kind, const std::string& card, std::int64_t delta) {
    auto id = (*store)->next_entry_id();
    REQUIRE(id.ok());
    core::Json effects = {{"card", card}, {"wallet_delta", delta}};
    REQUIRE((*store)->append_journal(*id, kind, card, 0, effects, core::Json::object()).is_ok());
    return *id;
  };
  const std::string card = "2000000000015";
  std::string first = journal("receipt", card, -10000);
  journal("receipt", card, -2500);
  journal("refund", card, 2500);                // a refund gives no allowance back
  journal("receipt", "2000000000022", -70000);  // another card's
  CHECK(*(*store)->unsynced_wallet_paid(card) == 12500);
  REQUIRE((*store)->mark_acked({first}).ok());
  CHECK(*(*store)->unsynced_wallet_paid(card) == 2500);
  CHECK(*(*store)->unsynced_wallet_paid("2000000000039") == 0);
}
