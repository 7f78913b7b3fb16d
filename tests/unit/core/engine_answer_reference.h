// The calculate answer built as a tree, as the engine built it before it wrote the answer as
// text: the oracle tests/unit/core/engine_answer_text_test.cc compares the text with.
#pragma once

#include <string>

#include "core/card_points.h"
#include "core/effects.h"
#include "core/engine_steps.h"
#include "core/level_window.h"
#include "core/messages.h"
#include "core/program.h"

namespace kopilka::test::reference {

using namespace kopilka::core;

namespace {

std::string discount_text(const Program& p, Kopecks amount, Locale locale) {
  return p.name + (locale == Locale::kEn ? ": discount " : ": скидка ") + format_rub(amount);
}

// The answer's `applied`: percent discounts that took something, fixed amounts, accruals.
Json applied_json(const ReceiptSteps& s, Locale loc) {
  Json applied = Json::array();
  for (const auto& o : s.offers) {
    if (o.total <= 0) continue;
    applied.push_back({{"program", o.program->id},
                       {"kind", to_string(o.program->kind)},
                       {"percent", percent_json(o.percent)},
                       {"discount", o.total},
                       {"text", discount_text(*o.program, o.total, loc)}});
  }
  for (const auto& f : s.fixed) {
    const Program& p = *f.program;
    Json a = {{"program", p.id}, {"kind", to_string(p.kind)}, {"discount", f.total}};
    if (p.kind == ProgramKind::kBundle) {
      a["percent"] = percent_json(p.percent);
      a["units"] = f.units;
      a["text"] = bundle_text(p.name, f.total, f.units, loc);
    } else {
      a["text"] = discount_text(p, f.total, loc);
    }
    applied.push_back(std::move(a));
  }
  for (const auto& a : s.accruals) {  // only with a card
    const Program& p = *a.program;
    Json entry = {{"program", p.id}, {"kind", to_string(p.kind)}};
    if (p.by_units()) {
      std::int64_t per_unit = p.points_per_unit_for(level_spent(p, *s.ctx.card, s.ctx.today));
      entry["points_per_unit"] = per_unit;
      entry["points"] = a.points;
      entry["text"] = points_per_unit_text(p.name, a.points, per_unit, loc);
    } else {
      entry["percent"] = percent_json(p.percent_for(level_spent(p, *s.ctx.card, s.ctx.today)));
      entry["points"] = a.points;
      entry["text"] = p.name + ": " + points_text(a.points, loc);
    }
    applied.push_back(std::move(entry));
  }
  if (s.referral) {  // the referee's points; the referrer's go to the other card
    const Program& p = *s.referral;
    applied.push_back({{"program", p.id},
                       {"kind", to_string(p.kind)},
                       {"points", p.referee_points},
                       {"referrer_points", p.referrer_points},
                       {"text", referral_text(p.name, p.referee_points, loc)}});
  }
  return applied;
}

// v2: discount programs that met their conditions but took nothing off, and why (coupons
// are reported under `coupons`). Each is also said to the cashier.
Json not_applied_json(const ReceiptSteps& s, Locale loc, Json& messages) {
  Json out = Json::array();
  for (const auto& n : s.not_applied) {
    if (n.program->kind == ProgramKind::kCoupon) continue;
    std::string text =
        not_applied_text(n.program->name, n.reason, n.by ? n.by->name : std::string(), loc);
    Json entry = {{"program", n.program->id},
                  {"kind", to_string(n.program->kind)},
                  {"reason", not_applied_code(n.reason)},
                  {"text", text}};
    if (n.by) entry["by"] = n.by->id;
    out.push_back(std::move(entry));
    messages.push_back({{"to", "cashier"}, {"text", text}});
  }
  return out;
}

Json lines_json(const ReceiptRequest& req, const std::vector<LineState>& lines) {
  Json out = Json::array();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const LineState& l = lines[i];
    out.push_back({{"line", req.lines[i].line},
                   {"amount_before", l.before},
                   {"discount", l.discount},
                   {"paid_with_points", l.points},
                   {"paid_from_wallet", l.wallet},
                   {"amount", l.amount()}});
  }
  return out;
}

// With a card: the receipt text and the burn warning, from the card as confirming leaves
// it; without: why loyalty did not apply. Returns the balance after (null without a card).
Json card_messages(const ReceiptSteps& s, const CardEffects& fx, Kopecks total,
                   const Settings& settings, Json& messages) {
  const Locale loc = settings.locale;
  const RuleContext& ctx = s.ctx;
  if (!ctx.card) {
    if (std::string why = loyalty_text(s.loyalty, loc); !why.empty())
      messages.push_back({{"to", "cashier"}, {"text", why}});
    return nullptr;
  }
  CardState after = *ctx.card;
  (void)apply_effects(after, fx, kPreviewEntry, ctx.today);  // refused at confirm if at all
  auto points = summarize_points(after, ctx.today);
  messages.push_back({{"to", "receipt"},
                      {"text", receipt_text(total, s.redemption.points, accrued_total(s.accruals),
                                            points.balance, loc)}});
  if (s.referral && s.referral->referee_points > 0)
    messages.push_back(
        {{"to", "receipt"},
         {"text", referral_text(s.referral->name, s.referral->referee_points, loc)}});
  for (const auto& w : burn_warnings(points, ctx.today, settings.expiry_warning_days))
    messages.push_back({{"to", "customer"}, {"text", burning_text(w.points, w.days, loc)}});
  return points.balance;
}

// The wallet payment on the receipt, and to the cashier when the offline limit lowered it.
void wallet_messages(const ReceiptSteps& s, Locale loc, Json& messages) {
  const WalletPayment& w = s.wallet;
  if (!w.card) return;
  if (w.paid > 0)
    messages.push_back(
        {{"to", "receipt"}, {"text", wallet_paid_text(w.paid, w.card->wallet - w.paid, loc)}});
  if (w.limited_offline)
    messages.push_back({{"to", "cashier"}, {"text", wallet_offline_text(w.available, loc)}});
}

}  // namespace

inline Json reference_answer(const ReceiptRequest& req, const ReceiptSteps& s,
                             const CardEffects& fx, const Settings& settings) {
  Kopecks total = 0, discount = 0, paid_points = 0;
  for (const auto& l : s.lines) {
    total += l.amount();
    discount += l.discount;
    paid_points += l.points;
  }
  Json coupon_json = Json::array();
  Json messages = Json::array();
  for (const auto& c : s.coupons) {
    std::string text = coupon_message(c, settings.locale);
    coupon_json.push_back(
        {{"code", c.code}, {"status", coupon_status(c.verdict)}, {"message", text}});
    messages.push_back({{"to", "cashier"}, {"text", text}});
  }
  Json not_applied = not_applied_json(s, settings.locale, messages);
  Json balance_after = card_messages(s, fx, total, settings, messages);
  wallet_messages(s, settings.locale, messages);

  Json r;
  r["receipt_id"] = req.receipt_id;
  r["card"] = req.card ? Json(*req.card) : Json(nullptr);
  r["loyalty"] = loyalty_code(s.loyalty);
  r["total_before"] = s.total_before;
  r["discount"] = discount;
  r["points_redeemed"] = s.redemption.points;
  r["paid_with_points"] = paid_points;
  r["paid_from_wallet"] = s.wallet.paid;
  r["total"] = total;
  r["points_accrued"] = accrued_total(s.accruals);
  r["points_balance_after"] = std::move(balance_after);
  r["lines"] = lines_json(req, s.lines);
  r["applied"] = applied_json(s, settings.locale);
  r["coupons"] = std::move(coupon_json);
  if (!not_applied.empty()) r["not_applied"] = std::move(not_applied);  // v2, when any
  r["points_redeem_max"] = s.redemption.max;
  if (s.wallet.card) {  // the card's wallet, as confirming leaves it, and what it could pay
    r["wallet_balance_after"] = s.wallet.card->wallet - s.wallet.paid;
    r["wallet_pay_max"] = s.wallet.available;
  }
  r["messages"] = std::move(messages);
  return r;
}

}  // namespace kopilka::test::reference
