// The offline wallet limit (programs.md "wallet", "Offline wallet limit"; docs/programs.md
// "wallet: paying from it"): how much a card may still pay from its wallet at this register
// before the register syncs again. Pure: the daemon gives it the facts.
#pragma once

#include <optional>

#include "core/engine.h"
#include "core/money.h"
#include "core/time.h"

namespace kopilka::daemon {

struct WalletOfflineFacts {
  bool office_configured = false;          // the register has an [office] to sync with
  std::optional<core::Instant> last_sync;  // the last successful sync, register clock
  core::Instant now = 0;                   // register clock
  core::Kopecks paid_unsynced = 0;         // this card's wallet payments head office has not acked
};

// nullopt: no limit (no head office, or synced within wallet_offline_hours). Otherwise
// wallet_offline_limit less what the card already paid here since the last sync, never
// below 0. A register that has never synced counts as offline, and so does one whose last
// sync is more than five minutes "in the future": its clock ran ahead then, and how long
// it has been offline is unknown. A few minutes ahead is a clock stepped back by time sync.
std::optional<core::Kopecks> wallet_offline_left(const WalletOfflineFacts& facts,
                                                 const core::Settings& settings);

}  // namespace kopilka::daemon
