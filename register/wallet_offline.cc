// The offline wallet limit; see wallet_offline.h.
#include "register/wallet_offline.h"

#include <algorithm>

namespace kopilka::daemon {

std::optional<core::Kopecks> wallet_offline_left(const WalletOfflineFacts& f,
                                                 const core::Settings& settings) {
  if (!f.office_configured) return std::nullopt;
  if (f.last_sync) {
    // Instants are seconds; hours are at most 8760, so this cannot overflow.
    const core::Instant window = settings.wallet_offline_hours * 3600;
    if (f.now - *f.last_sync < window) return std::nullopt;
  }
  return std::max<core::Kopecks>(settings.wallet_offline_limit - f.paid_unsynced, 0);
}

}  // namespace kopilka::daemon
