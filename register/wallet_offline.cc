// The offline wallet limit; see wallet_offline.h.
#include "register/wallet_offline.h"

#include <algorithm>

namespace kopilka::daemon {

namespace {
// A last sync this far "in the future" is a clock stepped back by time sync, not a clock
// that ran ahead and was corrected.
constexpr core::Instant kClockStepAllowance = 5 * 60;
}  // namespace

std::optional<core::Kopecks> wallet_offline_left(const WalletOfflineFacts& f,
                                                 const core::Settings& settings) {
  if (!f.office_configured) return std::nullopt;
  if (f.last_sync) {
    // Instants are seconds; hours are at most 8760, so this cannot overflow.
    const core::Instant window = settings.wallet_offline_hours * 3600;
    const core::Instant since = f.now - *f.last_sync;
    if (since >= -kClockStepAllowance && since < window) return std::nullopt;
  }
  return std::max<core::Kopecks>(settings.wallet_offline_limit - f.paid_unsynced, 0);
}

}  // namespace kopilka::daemon
