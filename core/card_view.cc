// card_view(): the GET /v1/cards answer (pos-api.md "Cards").
#include <algorithm>

#include "core/card_points.h"
#include "core/card_replacement.h"
#include "core/card_state_json.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/engine_rules.h"
#include "core/level_window.h"
#include "core/messages.h"
#include "core/program.h"

namespace kopilka::core {

Json card_view(const CardState& card, const ProgramSet& programs, Instant at,
               const Settings& settings) {
  Day today = local_day(at, settings.zone);
  auto points = summarize_points(card, today);
  Json burning = Json::array();
  Json messages = Json::array();
  for (const auto& b : points.burning)
    burning.push_back({{"points", b.points}, {"on", format_date(b.on)}});
  for (const auto& w : burn_warnings(points, today, settings.expiry_warning_days))
    messages.push_back(
        {{"to", "customer"}, {"text", burning_text(w.points, w.days, settings.locale)}});
  Json levels = Json::array();
  const RuleContext ctx =
      rule_context(at, settings, card.status == CardStatus::kActive ? &card : nullptr);
  for (const auto& ptr : programs.programs()) {
    const Program& p = *ptr;
    if (p.levels.empty() || !ctx.card) continue;
    Program any_time = p;  // levels are the card's standing, whatever the hour
    any_time.hours_from.reset();
    any_time.days_mask = 0x7f;
    if (!program_active(any_time, ctx)) continue;
    // A points_per_unit bonus (v2) says its level in points per unit, not a percent.
    bool units = p.by_units();
    const Kopecks spent = level_spent(p, card, today);
    Json level = {{"program", p.id}};
    if (units)
      level["points_per_unit"] = p.points_per_unit_for(spent);
    else
      level["percent"] = percent_json(p.percent_for(spent));
    level["next"] = nullptr;
    if (p.level_window_days > 0) {
      // v2: the level is what the last N days bought, and says how to keep it.
      level["window_days"] = p.level_window_days;
      level["window_spent"] = spent;
      Kopecks held_from = 0;
      for (const Level& l : p.levels)
        if (spent >= l.from_spent) held_from = l.from_spent;
      auto keep = level_keep(p, card, today, held_from);
      level["keep"] =
          keep ? Json{{"spend", keep->amount}, {"by", format_date(keep->by)}} : Json(nullptr);
      if (keep) {
        std::string held = units ? std::to_string(p.points_per_unit_for(spent))
                                 : percent_json(p.percent_for(spent)).dump();
        messages.push_back({{"to", "customer"},
                            {"text", level_keep_text(p.name, held, units, keep->amount, keep->by,
                                                     settings.locale)}});
      }
    }
    for (const Level& l : p.levels) {
      if (l.from_spent > spent) {
        level["next"] = {{"from_spent", l.from_spent}};
        if (units)
          level["next"]["points_per_unit"] = l.points_per_unit;
        else
          level["next"]["percent"] = percent_json(l.percent);
        break;
      }
    }
    levels.push_back(std::move(level));
  }
  // A birthday gift is granted when the card is looked up; the customer is told while its
  // points are there to spend (docs/programs.md, "Birthday").
  for (const auto& ptr : programs.programs()) {
    if (ptr->kind != ProgramKind::kBirthday || card.status != CardStatus::kActive) continue;
    std::int64_t gift = 0;
    for (const auto& lot : card.lots) {
      if (lot.program == ptr->id && lot_usable(lot, today)) gift += lot.remaining;
    }
    if (gift > 0)
      messages.push_back({{"to", "customer"}, {"text", birthday_gift_text(gift, settings.locale)}});
  }
  if (card.status != CardStatus::kActive) {
    messages.push_back(
        {{"to", "cashier"},
         {"text", loyalty_text(card.status == CardStatus::kBlocked ? Loyalty::kCardBlocked
                                                                   : Loyalty::kCardLost,
                               settings.locale)}});
  }
  Json j;
  j["card"] = {
      {"number", card.number}, {"status", to_string(card.status)}, {"groups", card.groups}};
  if (card.type == CardType::kGift) j["card"]["type"] = to_string(card.type);
  // The cashier of a lost card learns which card now holds its points.
  if (auto by = replacement_of(card); !by.empty()) j["card"]["replaced_by"] = std::string(by);
  j["customer"] = card.customer ? customer_to_json(*card.customer) : Json(nullptr);
  j["points"] = {{"balance", points.balance},
                 {"usable", points.usable},
                 {"pending", points.pending},
                 {"burning", std::move(burning)}};
  j["wallet"] = {{"balance", card.wallet}};  // programs.md "wallet": kopecks, may be < 0
  // As of `at`, as the levels beside them: a receipt dated later is not counted yet.
  j["spent"] = spent_by(card, today);
  j["visits"] = std::upper_bound(card.visit_days.begin(), card.visit_days.end(), today) -
                card.visit_days.begin();
  j["levels"] = std::move(levels);
  j["messages"] = std::move(messages);
  return j;
}

Json card_view_with_due(CardState card, const ProgramSet& programs, Instant at,
                        const Settings& settings) {
  auto due = due_time_effects(card, programs, at, settings);
  if (!due.empty())  // shown only; a grant that cannot be counted leaves the card as it is
    (void)apply_effects(card, due, "office:view", local_day(at, settings.zone));
  return card_view(card, programs, at, settings);
}

}  // namespace kopilka::core
