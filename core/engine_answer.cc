// What confirming a calculated receipt does (its CardEffects and the SaleRecord a refund
// will need), and the pos-api.md calculate answer written as JSON text, from the steps of
// engine_calculate.cc.
#include <algorithm>
#include <optional>
#include <string_view>

#include "core/card_points.h"
#include "core/engine_steps.h"
#include "core/json_text.h"
#include "core/level_window.h"
#include "core/messages.h"
#include "core/program.h"
#include "core/referral.h"

namespace kopilka::core {

namespace {

std::string discount_text(const Program& p, Kopecks amount, Locale locale) {
  return p.name + (locale == Locale::kEn ? ": discount " : ": скидка ") + format_rub(amount);
}

}  // namespace

CardEffects confirm_effects(const ReceiptRequest& req, const ReceiptSteps& s,
                            const ProgramSet& programs, SaleRecord& sale) {
  CardEffects fx;
  const RuleContext& ctx = s.ctx;
  Kopecks discount = 0;
  for (const auto& l : s.lines) discount += l.discount;
  sale.receipt_id = req.receipt_id;
  sale.at = req.at;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const LineState& l = s.lines[i];
    sale.lines.push_back({req.lines[i].line, req.lines[i].qty.milli, l.before, l.discount, l.points,
                          l.amount(), l.wallet});
  }
  for (const auto& c : s.coupons) {
    if (c.verdict == CouponVerdict::kApplied) {
      fx.coupon_programs.push_back(c.program->id);
      sale.coupon_programs.push_back(c.program->id);
    }
  }
  if (s.wallet.paid > 0) {  // a gift card's entry does this only
    fx.card = s.wallet.card->number;
    fx.wallet_delta = -s.wallet.paid;
    sale.wallet_card = fx.card;
    sale.paid_from_wallet = s.wallet.paid;
  }
  if (!ctx.card) return fx;
  const CardState& card = *ctx.card;
  fx.card = card.number;
  sale.card = card.number;
  fx.spent_delta = s.total_before - discount;
  fx.spent_day = ctx.today;
  fx.purchases_delta = 1;
  sale.counted_purchase = true;
  if (!std::binary_search(card.visit_days.begin(), card.visit_days.end(), ctx.today))
    fx.visit_day = ctx.today;
  fx.draws = s.redemption.draws;
  sale.redeemed = s.redemption.drawn;
  sale.points_redeemed = s.redemption.points;
  for (const auto& a : s.accruals) {
    const Program& p = *a.program;
    fx.new_lots.push_back(new_lot(std::to_string(fx.new_lots.size()), p.id, ctx.today, p.delay_days,
                                  p.lifetime_days, a.points));
  }
  sale.points_accrued = accrued_total(s.accruals);
  for (const auto& lot : fx.new_lots) sale.accrual_lots.push_back(lot.remaining);
  sale.accrued = fx.new_lots;
  if (s.referral) {
    fx.referral = referral_reward(*s.referral, card, ctx.today);
    sale.referral = fx.referral;
  }
  for (const auto& o : s.offers) {
    if (o.total <= 0) continue;
    if (o.program->kind == ProgramKind::kVisits)
      fx.visit_rewards.emplace_back(o.program->id, ctx.today);
    if (o.program->kind == ProgramKind::kNextPurchase)
      fx.vouchers_used.push_back(usable_voucher(*o.program, card, ctx.today)->id);
  }
  for (const auto& ptr : programs.programs()) {
    const Program& p = *ptr;
    if (p.kind == ProgramKind::kNextPurchase && program_active(p, ctx) &&
        s.total_before >= p.min_total) {
      std::size_t n = fx.vouchers_issued.size();
      // The first is "v" as when a receipt could earn one voucher only.
      std::string id = n == 0 ? "v" : "v" + std::to_string(n);
      fx.vouchers_issued.push_back(Voucher{id, p.id, ctx.today, ctx.today + p.valid_days});
    }
  }
  return fx;
}

namespace {

// The answer is written as text, byte for byte the compact dump of the tree it describes
// (pos-api.md): a confirm sends, stores and journals this text, and building the tree only to
// dump it was a third of a confirm's work. Keys are written in the order nlohmann's objects
// keep them (sorted), so that the text is the dump the answer always was.
struct Writer {
  std::string out;

  void key(const char* k, bool first = false) {
    if (!first) out += ',';
    out += '"';
    out += k;
    out += "\":";
  }
  void str(const char* k, std::string_view v, bool first = false) {
    key(k, first);
    append_json_string(out, v);
  }
  void num(const char* k, std::int64_t v, bool first = false) {
    key(k, first);
    append_json_int(out, v);
  }
  void percent(const char* k, PercentBp bp) {
    key(k);
    if (bp % 100 == 0)
      append_json_int(out, bp / 100);
    else
      out += percent_json(bp).dump();  // rare: as the tree wrote a fraction
  }
  void open_item(bool& first) {
    if (!first) out += ',';
    first = false;
    out += '{';
  }
};

struct Message {
  const char* to;
  std::string text;
};

void write_messages(Writer& w, const std::vector<Message>& messages) {
  w.key("messages");
  w.out += '[';
  bool first = true;
  for (const auto& m : messages) {
    w.open_item(first);
    w.str("text", m.text, true);
    w.str("to", m.to);
    w.out += '}';
  }
  w.out += ']';
}

// The answer's `applied`: percent discounts that took something, fixed amounts, accruals.
void write_applied(Writer& w, const ReceiptSteps& s, Locale loc) {
  w.key("applied", true);  // the first key of the answer
  w.out += '[';
  bool first = true;
  for (const auto& o : s.offers) {
    if (o.total <= 0) continue;
    w.open_item(first);
    w.num("discount", o.total, true);
    w.str("kind", to_string(o.program->kind));
    w.percent("percent", o.percent);
    w.str("program", o.program->id);
    w.str("text", discount_text(*o.program, o.total, loc));
    w.out += '}';
  }
  for (const auto& f : s.fixed) {
    const Program& p = *f.program;
    const bool bundle = p.kind == ProgramKind::kBundle;
    w.open_item(first);
    w.num("discount", f.total, true);
    w.str("kind", to_string(p.kind));
    if (bundle) w.percent("percent", p.percent);
    w.str("program", p.id);
    w.str("text",
          bundle ? bundle_text(p.name, f.total, f.units, loc) : discount_text(p, f.total, loc));
    if (bundle) w.num("units", f.units);
    w.out += '}';
  }
  for (const auto& a : s.accruals) {  // only with a card
    const Program& p = *a.program;
    w.open_item(first);
    w.str("kind", to_string(p.kind), true);
    const std::int64_t spent = level_spent(p, *s.ctx.card, s.ctx.today);
    if (p.by_units()) {
      std::int64_t per_unit = p.points_per_unit_for(spent);
      w.num("points", a.points);
      w.num("points_per_unit", per_unit);
      w.str("program", p.id);
      w.str("text", points_per_unit_text(p.name, a.points, per_unit, loc));
    } else {
      w.percent("percent", p.percent_for(spent));
      w.num("points", a.points);
      w.str("program", p.id);
      w.str("text", p.name + ": " + points_text(a.points, loc));
    }
    w.out += '}';
  }
  if (s.referral) {  // the referee's points; the referrer's go to the other card
    const Program& p = *s.referral;
    w.open_item(first);
    w.str("kind", to_string(p.kind), true);
    w.num("points", p.referee_points);
    w.str("program", p.id);
    w.num("referrer_points", p.referrer_points);
    w.str("text", referral_text(p.name, p.referee_points, loc));
    w.out += '}';
  }
  w.out += ']';
}

// v2: discount programs that met their conditions but took nothing off, and why (coupons
// are reported under `coupons`), when there are any. Each is also said to the cashier.
void write_not_applied(Writer& w, const ReceiptSteps& s, Locale loc,
                       std::vector<Message>& messages) {
  bool first = true;
  for (const auto& n : s.not_applied) {
    if (n.program->kind == ProgramKind::kCoupon) continue;
    if (first) {
      w.key("not_applied");
      w.out += '[';
    }
    std::string text =
        not_applied_text(n.program->name, n.reason, n.by ? n.by->name : std::string(), loc);
    w.open_item(first);
    if (n.by) w.str("by", n.by->id, true);
    w.str("kind", to_string(n.program->kind), !n.by);
    w.str("program", n.program->id);
    w.str("reason", not_applied_code(n.reason));
    w.str("text", text);
    w.out += '}';
    messages.push_back({"cashier", std::move(text)});
  }
  if (!first) w.out += ']';
}

void write_lines(Writer& w, const ReceiptRequest& req, const std::vector<LineState>& lines) {
  w.key("lines");
  w.out += '[';
  bool first = true;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const LineState& l = lines[i];
    w.open_item(first);
    w.num("amount", l.amount(), true);
    w.num("amount_before", l.before);
    w.num("discount", l.discount);
    w.num("line", req.lines[i].line);
    w.num("paid_from_wallet", l.wallet);
    w.num("paid_with_points", l.points);
    w.out += '}';
  }
  w.out += ']';
}

// With a card: the receipt text and its burn warning, from the card as confirming leaves
// it; without: why loyalty did not apply. Returns the balance after (none without a card).
std::optional<std::int64_t> card_messages(const ReceiptSteps& s, const CardEffects& fx,
                                          Kopecks total, const Settings& settings,
                                          std::vector<Message>& messages) {
  const Locale loc = settings.locale;
  const RuleContext& ctx = s.ctx;
  if (!ctx.card) {
    if (std::string why = loyalty_text(s.loyalty, loc); !why.empty())
      messages.push_back({"cashier", std::move(why)});
    return std::nullopt;
  }
  CardState after = *ctx.card;
  (void)apply_effects(after, fx, kPreviewEntry, ctx.today);  // refused at confirm if at all
  auto points = summarize_points(after, ctx.today);
  messages.push_back({"receipt", receipt_text(total, s.redemption.points, accrued_total(s.accruals),
                                              points.balance, loc)});
  if (s.referral && s.referral->referee_points > 0)
    messages.push_back(
        {"receipt", referral_text(s.referral->name, s.referral->referee_points, loc)});
  // On the receipt, after its balance (programs.md "Messages": the receipt text states …
  // and «900 бонусов сгорят через 5 дней»): a POS that prints the receipt's texts alone
  // printed no warning when it went to the customer's display.
  for (const auto& w : burn_warnings(points, ctx.today, settings.expiry_warning_days))
    messages.push_back({"receipt", burning_text(w.points, w.days, loc)});
  return points.balance;
}

// The wallet payment on the receipt, and to the cashier when the offline limit lowered it.
void wallet_messages(const ReceiptSteps& s, Locale loc, std::vector<Message>& messages) {
  const WalletPayment& w = s.wallet;
  if (!w.card) return;
  if (w.paid > 0)
    messages.push_back({"receipt", wallet_paid_text(w.paid, w.card->wallet - w.paid, loc)});
  if (w.limited_offline) messages.push_back({"cashier", wallet_offline_text(w.available, loc)});
}

}  // namespace

std::string calc_response(const ReceiptRequest& req, const ReceiptSteps& s, const CardEffects& fx,
                          const Settings& settings) {
  Kopecks total = 0, discount = 0, paid_points = 0;
  for (const auto& l : s.lines) {
    total += l.amount();
    discount += l.discount;
    paid_points += l.points;
  }
  const Locale loc = settings.locale;
  std::vector<Message> messages;
  Writer w;
  w.out.reserve(512 + 160 * s.lines.size());
  w.out += '{';
  write_applied(w, s, loc);
  w.key("card");
  if (req.card)
    append_json_string(w.out, *req.card);
  else
    w.out += "null";
  w.key("coupons");
  w.out += '[';
  bool first = true;
  for (const auto& c : s.coupons) {
    std::string text = coupon_message(c, loc);
    w.open_item(first);
    w.str("code", c.code, true);
    w.str("message", text);
    w.str("status", coupon_status(c.verdict));
    w.out += '}';
    messages.push_back({"cashier", std::move(text)});
  }
  w.out += ']';
  w.num("discount", discount);
  write_lines(w, req, s.lines);
  w.str("loyalty", loyalty_code(s.loyalty));
  // Messages come after not_applied in the text, but are said in the order of the steps:
  // coupons, programs not applied, the card, the wallet.
  Writer tail;
  write_not_applied(tail, s, loc, messages);
  std::optional<std::int64_t> balance_after = card_messages(s, fx, total, settings, messages);
  wallet_messages(s, loc, messages);
  write_messages(w, messages);
  w.out += tail.out;
  w.num("paid_from_wallet", s.wallet.paid);
  w.num("paid_with_points", paid_points);
  w.num("points_accrued", accrued_total(s.accruals));
  w.key("points_balance_after");
  if (balance_after)
    append_json_int(w.out, *balance_after);
  else
    w.out += "null";
  w.num("points_redeem_max", s.redemption.max);
  w.num("points_redeemed", s.redemption.points);
  w.str("receipt_id", req.receipt_id);
  w.num("total", total);
  w.num("total_before", s.total_before);
  if (s.wallet.card) {  // the card's wallet, as confirming leaves it, and what it could pay
    w.num("wallet_balance_after", s.wallet.card->wallet - s.wallet.paid);
    w.num("wallet_pay_max", s.wallet.available);
  }
  w.out += '}';
  return std::move(w.out);
}

}  // namespace kopilka::core
