// refund(): proportional reversal of a confirmed sale. Every figure is computed
// cumulatively (what should have been reversed after this refund) and the refund takes
// the difference, so any number of partial refunds adds up exactly to the whole sale.
// The steps are declared in engine_steps.h.
#include <algorithm>

#include "core/card_points.h"
#include "core/engine_steps.h"
#include "core/messages.h"
#include "core/referral.h"

namespace kopilka::core {

namespace {

// floor(whole × part ÷ of), exact; `whole` when part == of.
std::int64_t share_floor(std::int64_t whole, std::int64_t part, std::int64_t of) {
  if (of <= 0 || part >= of) return part >= of ? whole : 0;
  return *mul_div_floor(whole, part, of);
}

}  // namespace

Result<RefundState> count_returned(const SaleRecord& sale, const RefundState& before,
                                   const RefundRequest& request) {
  RefundState after = before;
  if (!request.lines) {
    for (const auto& l : sale.lines) after.returned_milli[l.line] = l.qty_milli;
    return after;
  }
  for (std::size_t i = 0; i < request.lines->size(); ++i) {
    const RefundLine& r = (*request.lines)[i];
    std::string field = "lines[" + std::to_string(i) + "]";
    auto sold = std::find_if(sale.lines.begin(), sale.lines.end(),
                             [&](const SaleLine& l) { return l.line == r.line; });
    if (sold == sale.lines.end())
      return Status::invalid("the receipt has no line " + std::to_string(r.line), field + ".line");
    std::int64_t& returned = after.returned_milli[r.line];
    if (returned + r.qty.milli > sold->qty_milli) {
      return Status::invalid("returns more of line " + std::to_string(r.line) + " than is left (" +
                                 format_scaled_decimal(sold->qty_milli - returned, 3) + ")",
                             field + ".qty");
    }
    returned += r.qty.milli;
  }
  return after;
}

void cumulative_reversal(const SaleRecord& sale, const RefundState& before, RefundState& after) {
  Kopecks paid_total = 0, points_money_total = 0, spent_total = 0, wallet_total = 0;
  Kopecks paid_back = 0, points_money_back = 0, spent_back = 0, wallet_back = 0;
  std::int64_t qty_total = 0, qty_back = 0;
  bool complete = true;
  for (const auto& l : sale.lines) {
    auto it = after.returned_milli.find(l.line);
    std::int64_t ret = it == after.returned_milli.end() ? 0 : it->second;
    if (ret < l.qty_milli) complete = false;
    auto part = [&](Kopecks v) {
      return l.qty_milli == 0 ? v : *mul_div_round_half_up(v, ret, l.qty_milli);
    };
    paid_total += l.amount;
    points_money_total += l.paid_with_points;
    spent_total += l.amount_before - l.discount;
    wallet_total += l.paid_from_wallet;
    wallet_back += part(l.paid_from_wallet);
    paid_back += part(l.amount);
    points_money_back += part(l.paid_with_points);
    spent_back += part(l.amount_before - l.discount);
    qty_total += l.qty_milli;
    qty_back += ret;
  }
  // Accrued points go back in proportion to the money paid. A receipt paid wholly with
  // points (points_per_unit still accrues on its units) has no money to share by: then by
  // what was bought (spent), and for goods given away, by the quantities.
  Kopecks accrual_back = paid_back, accrual_of = paid_total;
  if (accrual_of <= 0) {
    accrual_back = spent_back;
    accrual_of = spent_total;
  }
  if (accrual_of <= 0) {
    accrual_back = qty_back;
    accrual_of = qty_total;
  }
  after.complete = complete;
  after.money_returned = complete ? paid_total : paid_back;
  after.points_reversed =
      complete ? sale.points_accrued : share_floor(sale.points_accrued, accrual_back, accrual_of);
  after.points_returned =
      complete ? sale.points_redeemed
               : share_floor(sale.points_redeemed, points_money_back, points_money_total);
  after.spent_reversed = complete ? spent_total : spent_back;
  // Wallet money is money: each line gives back its share like `amount`, so a line's wallet
  // share never exceeds its money share and the last refund gives back the rest.
  after.wallet_returned = complete ? wallet_total : wallet_back;
  // A cumulative figure never goes backwards.
  after.points_reversed = std::max(after.points_reversed, before.points_reversed);
  after.points_returned = std::max(after.points_returned, before.points_returned);
  after.spent_reversed = std::max(after.spent_reversed, before.spent_reversed);
  after.wallet_returned = std::max(after.wallet_returned, before.wallet_returned);
}

std::vector<LotDraw> reversal_draws(const SaleRecord& sale, const std::string& sale_entry_id,
                                    std::int64_t already, std::int64_t reverse_now) {
  // apply_effects takes what a spent lot no longer has from other lots, then debt.
  std::vector<LotDraw> draws;
  std::int64_t skip = already, left = reverse_now;
  for (std::size_t i = 0; i < sale.accrual_lots.size() && left > 0; ++i) {
    std::int64_t size = sale.accrual_lots[i];
    std::int64_t taken = std::min(skip, size);
    skip -= taken;
    std::int64_t n = std::min(size - taken, left);
    if (n <= 0) continue;
    std::optional<LotDates> dates;
    if (i < sale.accrued.size()) {
      const PointLot& lot = sale.accrued[i];
      dates = LotDates{lot.program, lot.usable_from, lot.last_day};
    }
    draws.push_back({sale_entry_id + "/" + std::to_string(i), n, std::move(dates)});
    left -= n;
  }
  return draws;
}

std::vector<PointLot> returned_lots(const SaleRecord& sale, std::int64_t already,
                                    std::int64_t return_now) {
  std::vector<PointLot> order = sale.redeemed;
  std::sort(order.begin(), order.end(),
            [](const PointLot& a, const PointLot& b) { return burns_sooner(b, a); });
  std::vector<PointLot> back;
  std::int64_t give = return_now;
  for (const auto& lot : order) {
    if (give == 0) break;
    std::int64_t avail = lot.remaining;
    std::int64_t used = std::min(already, avail);
    already -= used;
    avail -= used;
    std::int64_t n = std::min(avail, give);
    if (n <= 0) continue;
    PointLot given = lot;
    given.id = std::to_string(back.size());
    given.remaining = n;
    back.push_back(std::move(given));
    give -= n;
  }
  return back;
}

CardEffects refund_effects(const SaleRecord& sale, const std::string& sale_entry_id,
                           const RefundState& before, const RefundState& after, Day sale_day) {
  CardEffects fx;
  if (!sale.card.empty()) {
    fx.card = sale.card;
    fx.spent_delta = -(after.spent_reversed - before.spent_reversed);
    fx.spent_day = sale_day;  // a level window counts the return on the purchase's day
    fx.draws = reversal_draws(sale, sale_entry_id, before.points_reversed,
                              after.points_reversed - before.points_reversed);
    fx.new_lots =
        returned_lots(sale, before.points_returned, after.points_returned - before.points_returned);
    if (after.complete && sale.counted_purchase) fx.purchases_delta = -1;
  }
  // A gift card's sale has no loyalty card, only the wallet that paid.
  if (Kopecks back = after.wallet_returned - before.wallet_returned; back > 0) {
    fx.card = sale.wallet_card;
    fx.wallet_delta = back;
  }
  if (after.complete) fx.coupon_programs_returned = sale.coupon_programs;
  // A referral reward is taken back only when the whole purchase comes back.
  if (after.complete && sale.referral && !sale.card.empty()) {
    fx.referral = *sale.referral;
    fx.referral->reverses = sale_entry_id;
  }
  return fx;
}

Result<RefundOutcome> refund(const SaleRecord& sale, const std::string& sale_entry_id,
                             const RefundState& before, const RefundRequest& request,
                             const CardState* card, const Settings& settings) {
  if (before.complete) {
    return Status::invalid("everything on this receipt has already been returned", "lines");
  }
  auto after = count_returned(sale, before, request);
  if (!after) return after.status();
  cumulative_reversal(sale, before, *after);

  RefundOutcome out;
  out.effects =
      refund_effects(sale, sale_entry_id, before, *after, local_day(sale.at, settings.zone));
  std::int64_t reverse_now = after->points_reversed - before.points_reversed;
  std::int64_t return_now = after->points_returned - before.points_returned;
  Json messages = Json::array();
  Kopecks spent_after = 0;
  if (card) {
    CardState preview = *card;
    Day today = local_day(request.at, settings.zone);
    (void)apply_effects(preview, out.effects, "preview", today);  // refused when journalled
    spent_after = preview.spent;
    // Points whose lot burned so long ago that it left the card are taken back from nowhere
    // (apply_effects takes none of them, programs.md): the answer does not claim them.
    for (const auto& d : out.effects.draws)
      if (draw_takes_nothing(card->lots, d, today)) reverse_now -= d.points;
    // The whole purchase back takes the card's referral reward with it: the cashier and the
    // customer hear every point the card loses, not only the cashback's.
    if (out.effects.referral)
      if (auto share = referee_share(*card, *out.effects.referral))
        for (const auto& d : share->draws) reverse_now += d.points;
    messages.push_back(
        {{"to", "receipt"}, {"text", refund_text(reverse_now, return_now, settings.locale)}});
  }
  if (out.effects.wallet_delta > 0)
    messages.push_back({{"to", "receipt"},
                        {"text", wallet_returned_text(out.effects.wallet_delta, settings.locale)}});
  out.response = {{"refund_id", request.refund_id},
                  {"receipt_id", sale.receipt_id},
                  {"points_reversed", reverse_now},
                  {"points_returned", return_now},
                  {"money_returned", after->money_returned - before.money_returned},
                  {"wallet_returned", out.effects.wallet_delta},
                  {"spent_after", spent_after},
                  {"messages", std::move(messages)}};
  out.after = *after;
  return out;
}

}  // namespace kopilka::core
