// Paying from the card's wallet (programs.md "wallet"), right after step 4: wallet money is
// money, so it pays inside each line's `amount` and points still accrue on it.
#include <algorithm>

#include "core/engine_steps.h"

namespace kopilka::core {

WalletPayment pay_from_wallet(const ReceiptRequest& req, std::vector<LineState>& lines,
                              const CardState* card, const Counters& counters) {
  WalletPayment w;
  if (!card) return w;
  w.card = card;
  Kopecks left_to_pay = 0;
  std::vector<Kopecks> weights(lines.size(), 0);
  for (std::size_t i = 0; i < lines.size(); ++i) left_to_pay += weights[i] = lines[i].amount();
  Kopecks could = std::min(std::max<Kopecks>(card->wallet, 0), left_to_pay);
  w.available = could;
  if (counters.wallet_offline_left)
    w.available = std::min(w.available, std::max<Kopecks>(*counters.wallet_offline_left, 0));
  const WalletRequest& ask = req.pay_from_wallet;
  if (ask.kind == WalletRequest::Kind::kNone) return w;
  Kopecks want = ask.kind == WalletRequest::Kind::kMax ? could : std::min(ask.amount, could);
  w.paid = std::min(want, w.available);
  w.limited_offline = w.paid < want;
  if (w.paid <= 0) return w;
  auto parts = spread_by_line(w.paid, weights, req.lines);
  for (std::size_t i = 0; i < lines.size(); ++i) lines[i].wallet = parts[i];
  return w;
}

}  // namespace kopilka::core
