// Top-up parsing, its wallet_bonus and its effects; see wallet_topup.h.
#include "core/wallet_topup.h"

#include <set>

#include "core/card_number.h"
#include "core/card_points.h"
#include "core/engine_rules.h"
#include "core/json_fields.h"
#include "core/messages.h"
#include "core/program.h"
#include "core/receipt.h"
#include "core/receipt_request.h"
#include "core/utf8_length.h"

namespace kopilka::core {

Result<TopupRequest> parse_topup_request(const Json& body, Instant now) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  static const std::set<std::string> known = {"topup_id", "card", "amount", "at"};
  for (auto it = body.begin(); it != body.end(); ++it)
    if (!known.count(it.key())) return Status::invalid("is not a known field", it.key());
  TopupRequest r;
  for (const char* key : {"topup_id", "card", "amount"})
    if (!body.contains(key) || body[key].is_null()) return Status::invalid("is required", key);
  auto id = string_value(body["topup_id"], "topup_id");
  if (!id) return id.status();
  if (id->empty() || utf8_length(*id) > kMaxStringLength)
    return Status::invalid("must be 1 to 256 characters", "topup_id");
  if (Status s = check_id_text(*id, "topup_id"); !s) return s;
  r.topup_id = *id;
  auto card = string_value(body["card"], "card");
  if (!card) return card.status();
  if (Status c = check_card_number(*card, "card"); !c) return c;
  r.card = *card;
  auto amount = json_integer(body["amount"]);
  if (!amount || *amount <= 0 || *amount > kMaxAmount)
    return Status::invalid("must be a whole number of kopecks, more than 0 and at most 10^13",
                           "amount");
  r.amount = *amount;
  if (!body.contains("at") || body["at"].is_null()) {
    auto clock = clock_business_time(now);
    if (!clock) return clock.status();
    r.at = *clock;
  } else {
    auto text = string_value(body["at"], "at");
    if (!text) return text.status();
    auto at = parse_business_time(*text);
    if (!at) return Status::invalid(at.status().message(), "at");
    r.at = *at;
  }
  return r;
}

namespace {

const Program* bonus_program(const TopupRequest& req, const CardState& card,
                             const ProgramSet& programs, const RuleContext& ctx) {
  const bool gift = card.type == CardType::kGift;
  for (const auto& ptr : programs.programs()) {
    const Program& p = *ptr;
    if (p.kind != ProgramKind::kWalletBonus || req.amount < p.min_topup) continue;
    if (gift && (!p.anyone || p.bonus_as_points)) continue;
    if (program_active(p, ctx)) return &p;
  }
  return nullptr;
}

// clang-format off
std::string topup_text(Kopecks amount, Kopecks bonus, std::int64_t points, Kopecks balance,
                       Locale loc) {
  const bool en = loc == Locale::kEn;
  std::string t = (en ? "Wallet topped up by " : "Кошелёк пополнен на ") + format_rub(amount);
  if (bonus > 0) t += (en ? ", bonus " : ", бонус ") + format_rub(bonus);
  if (points > 0) t += (en ? ", bonus " : ", бонус ") + points_text(points, loc);
  return t + (en ? ". Wallet balance " : ". В кошельке ") + format_rub(balance) + ".";
}
// clang-format on

}  // namespace

TopupOutcome topup(const TopupRequest& req, const CardState& card, const ProgramSet& programs,
                   const Settings& settings) {
  const RuleContext ctx = rule_context(req.at, settings, &card);

  TopupOutcome out;
  out.effects.card = card.number;
  out.effects.wallet_delta = req.amount;
  const Program* p = bonus_program(req, card, programs, ctx);
  if (p && p->bonus_as_points) {
    // amount ≤ 10^13 and percent ≤ 10000 hundredths: the product fits in int64.
    out.bonus_points = req.amount * p->percent / (10000 * settings.point_value);
    if (out.bonus_points > 0)
      out.effects.new_lots.push_back(
          new_lot("0", p->id, ctx.today, p->delay_days, p->lifetime_days, out.bonus_points));
  } else if (p) {
    out.bonus = req.amount * p->percent / 10000;  // rounds down to a kopeck
    out.effects.wallet_delta += out.bonus;
  }
  // An overflow is refused by apply_effects when the effects are applied; the answer is
  // then never given.
  Kopecks balance = card.wallet;
  if (__builtin_add_overflow(card.wallet, out.effects.wallet_delta, &balance))
    balance = card.wallet;
  Json messages = Json::array();
  messages.push_back(
      {{"to", "receipt"},
       {"text", topup_text(req.amount, out.bonus, out.bonus_points, balance, settings.locale)}});
  out.response = {{"topup_id", req.topup_id},
                  {"card", card.number},
                  {"amount", req.amount},
                  {"bonus", out.bonus},
                  {"bonus_points", out.bonus_points},
                  {"program", p && (out.bonus > 0 || out.bonus_points > 0) ? Json(p->id) : Json()},
                  {"wallet", {{"balance", balance}}},
                  {"messages", messages}};
  return out;
}

}  // namespace kopilka::core
