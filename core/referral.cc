// The referral kind: see referral.h. Lot ids: the referee's "<entry>/q", the referrer's
// "<entry>/r"; a full refund draws both back by those ids and the lots' dates.
#include "core/referral.h"

#include "core/card_points.h"
#include "core/engine_rules.h"
#include "core/program.h"

namespace kopilka::core {

namespace {

bool open(const CardState& card) {
  return card.referral && !card.referral->closed && card.referral->rewarded_entry.empty() &&
         card.referral->by != card.number;
}

// The share of one side: `local_id` "q" (referee) or "r" (referrer). The referrer is the
// card the referee's state names now, not the one the entry was journalled with: a referrer
// corrected before the purchase, or a referrer's lost card replaced since (head office then
// names the replacement), gets the reward, and its reversal, on the card that holds it.
std::optional<CardEffects> share(const CardState& referee, const ReferralEffects& r,
                                 const std::string& number, const char* local_id,
                                 std::int64_t points) {
  bool due = r.reverses.empty()
                 ? open(referee)
                 : referee.referral && referee.referral->rewarded_entry == r.reverses;
  if (!due) return std::nullopt;
  CardEffects fx;
  fx.card = number;
  if (points <= 0) return fx;
  if (r.reverses.empty()) {
    fx.new_lots.push_back(
        PointLot{local_id, r.program, r.earned_day, r.usable_from, r.last_day, points});
  } else {
    fx.draws.push_back(LotDraw{r.reverses + "/" + local_id, points,
                               LotDates{r.program, r.usable_from, r.last_day}});
  }
  return fx;
}

}  // namespace

const Program* referral_program(const ProgramSet& programs, const RuleContext& ctx,
                                Kopecks total_before) {
  if (!ctx.card || !open(*ctx.card) || ctx.card->purchases > 0) return nullptr;
  for (const auto& p : programs.programs())
    if (p->kind == ProgramKind::kReferral && program_active(*p, ctx) &&
        meets_min_total(*p, total_before))
      return p.get();
  return nullptr;
}

ReferralEffects referral_reward(const Program& p, const CardState& card, Day today) {
  PointLot dated = new_lot("q", p.id, today, p.delay_days, p.lifetime_days, 1);
  ReferralEffects r;
  r.program = p.id;
  r.referrer = card.referral ? card.referral->by : std::string();
  r.referee_points = p.referee_points;
  r.referrer_points = p.referrer_points;
  r.earned_day = today;
  r.usable_from = dated.usable_from;
  r.last_day = dated.last_day;
  return r;
}

std::optional<CardEffects> referee_share(const CardState& card, const ReferralEffects& r) {
  return share(card, r, card.number, "q", r.referee_points);
}

std::optional<CardEffects> referrer_share(const CardState& card, const ReferralEffects& r) {
  // A card never refers itself.
  if (!card.referral || card.referral->by == card.number) return std::nullopt;
  return share(card, r, card.referral->by, "r", r.referrer_points);
}

std::optional<std::string> referrer_due(const CardState& card, const CardEffects& effects) {
  if (!effects.referral) return std::nullopt;
  auto s = referrer_share(card, *effects.referral);
  if (!s) return std::nullopt;
  return s->card;
}

std::size_t card_items(const CardState& card) {
  return card.lots.size() + card.vouchers.size() + card.coupon_uses.size() +
         card.visit_rewarded_on.size() + card.birthday_granted_year.size();
}

Status apply_entry(CardState& card, CardState* referrer, const CardEffects& effects,
                   const std::string& entry_id, Day today, std::optional<Day> clock_day) {
  std::optional<CardEffects> theirs;
  if (effects.referral) theirs = referrer_share(card, *effects.referral);
  CardState mine = card;
  if (Status s = apply_effects(mine, effects, entry_id, today, clock_day); !s) return s;
  if (const std::size_t items = card_items(mine); items > kMaxCardItems && items > card_items(card))
    return Status::invalid("the card would hold more than " + std::to_string(kMaxCardItems) +
                               " lots, vouchers and remembered programs",
                           "card");
  if (theirs && referrer && referrer->number == theirs->card) {
    CardState updated = *referrer;
    if (Status s = apply_effects(updated, *theirs, entry_id, today, clock_day); !s)
      return s.under("referral");
    *referrer = std::move(updated);
  }
  card = std::move(mine);
  return Status::ok();
}

}  // namespace kopilka::core
