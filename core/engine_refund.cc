// refund(): proportional reversal of a confirmed sale. Every figure is computed
// cumulatively (what should have been reversed after this refund) and the refund takes
// the difference, so any number of partial refunds adds up exactly to the whole sale.
#include <algorithm>

#include "core/card_points.h"
#include "core/engine_rules.h"
#include "core/messages.h"
#include "core/sale_record.h"

namespace kopilka::core {

namespace {

// floor(whole × part ÷ of), exact; `whole` when part == of.
std::int64_t share_floor(std::int64_t whole, std::int64_t part, std::int64_t of) {
  if (of <= 0 || part >= of) return part >= of ? whole : 0;
  return *mul_div_floor(whole, part, of);
}

}  // namespace

Result<RefundOutcome> refund(const SaleRecord& sale, const std::string& sale_entry_id,
                             const RefundState& before, const RefundRequest& request,
                             const CardState* card, const Settings& settings) {
  RefundState after = before;
  if (before.complete) {
    return Status::invalid("everything on this receipt has already been returned", "lines");
  }
  // Quantities returned by this refund.
  if (request.lines) {
    for (std::size_t i = 0; i < request.lines->size(); ++i) {
      const RefundLine& r = (*request.lines)[i];
      std::string field = "lines[" + std::to_string(i) + "]";
      auto sold = std::find_if(sale.lines.begin(), sale.lines.end(),
                               [&](const SaleLine& l) { return l.line == r.line; });
      if (sold == sale.lines.end())
        return Status::invalid("the receipt has no line " + std::to_string(r.line),
                               field + ".line");
      std::int64_t& returned = after.returned_milli[r.line];
      if (returned + r.qty.milli > sold->qty_milli) {
        return Status::invalid("returns more of line " + std::to_string(r.line) +
                                   " than is left (" +
                                   format_scaled_decimal(sold->qty_milli - returned, 3) + ")",
                               field + ".qty");
      }
      returned += r.qty.milli;
    }
  } else {
    for (const auto& l : sale.lines) after.returned_milli[l.line] = l.qty_milli;
  }

  Kopecks paid_total = 0, points_money_total = 0, spent_total = 0;
  Kopecks paid_back = 0, points_money_back = 0, spent_back = 0;
  bool complete = true;
  for (const auto& l : sale.lines) {
    std::int64_t ret = after.returned_milli.count(l.line) ? after.returned_milli[l.line] : 0;
    if (ret < l.qty_milli) complete = false;
    auto part = [&](Kopecks v) {
      return l.qty_milli == 0 ? v : *mul_div_round_half_up(v, ret, l.qty_milli);
    };
    paid_total += l.amount;
    points_money_total += l.paid_with_points;
    spent_total += l.amount_before - l.discount;
    paid_back += part(l.amount);
    points_money_back += part(l.paid_with_points);
    spent_back += part(l.amount_before - l.discount);
  }
  after.complete = complete;
  after.money_returned = complete ? paid_total : paid_back;
  after.points_reversed =
      complete ? sale.points_accrued : share_floor(sale.points_accrued, paid_back, paid_total);
  after.points_returned =
      complete ? sale.points_redeemed
               : share_floor(sale.points_redeemed, points_money_back, points_money_total);
  after.spent_reversed = complete ? spent_total : spent_back;
  // A cumulative figure never goes backwards.
  after.points_reversed = std::max(after.points_reversed, before.points_reversed);
  after.points_returned = std::max(after.points_returned, before.points_returned);
  after.spent_reversed = std::max(after.spent_reversed, before.spent_reversed);

  RefundOutcome out;
  std::int64_t reverse_now = after.points_reversed - before.points_reversed;
  std::int64_t return_now = after.points_returned - before.points_returned;
  Kopecks spent_now = after.spent_reversed - before.spent_reversed;
  CardEffects& fx = out.effects;
  Day today = local_day(request.at, settings.zone);
  if (!sale.card.empty()) {
    fx.card = sale.card;
    fx.spent_delta = -spent_now;
    // Take accrued points back from the sale's own lots first, in order.
    // (apply_effects takes what a spent lot no longer has from other lots, then debt.)
    std::int64_t skip = before.points_reversed, left = reverse_now;
    for (std::size_t i = 0; i < sale.accrual_lots.size() && left > 0; ++i) {
      std::int64_t size = sale.accrual_lots[i];
      std::int64_t taken = std::min(skip, size);
      skip -= taken;
      std::int64_t n = std::min(size - taken, left);
      if (n <= 0) continue;
      fx.draws.push_back({sale_entry_id + "/" + std::to_string(i), n});
      left -= n;
    }
    // Give redeemed points back, latest-burning first, with their original dates.
    std::vector<PointLot> order = sale.redeemed;
    std::sort(order.begin(), order.end(),
              [](const PointLot& a, const PointLot& b) { return burns_sooner(b, a); });
    std::int64_t already = before.points_returned, give = return_now;
    for (const auto& lot : order) {
      if (give == 0) break;
      std::int64_t avail = lot.remaining;
      std::int64_t used = std::min(already, avail);
      already -= used;
      avail -= used;
      std::int64_t n = std::min(avail, give);
      if (n <= 0) continue;
      PointLot back = lot;
      back.id = std::to_string(fx.new_lots.size());
      back.remaining = n;
      fx.new_lots.push_back(std::move(back));
      give -= n;
    }
    if (complete && sale.counted_purchase) fx.purchases_delta = -1;
  }
  if (complete) fx.coupon_programs_returned = sale.coupon_programs;

  Json messages = Json::array();
  Kopecks spent_after = 0;
  if (card) {
    CardState preview = *card;
    (void)apply_effects(preview, fx, "preview", today);  // refused when journalled if at all
    spent_after = preview.spent;
    messages.push_back(
        {{"to", "receipt"}, {"text", refund_text(reverse_now, return_now, settings.locale)}});
  }
  out.response = {{"refund_id", request.refund_id},
                  {"receipt_id", sale.receipt_id},
                  {"points_reversed", reverse_now},
                  {"points_returned", return_now},
                  {"money_returned", after.money_returned - before.money_returned},
                  {"spent_after", spent_after},
                  {"messages", std::move(messages)}};
  out.after = after;
  return out;
}

}  // namespace kopilka::core
