// card_events and messages_for (notify_events.h).
#include "office/notify_events.h"

#include "core/card_points.h"
#include "core/decimal.h"
#include "core/effects.h"
#include "core/program.h"

namespace kopilka::office {

std::map<std::string, std::string> card_levels(const core::CardState& card,
                                               const core::ProgramSet& programs, core::Instant now,
                                               const core::Settings& settings) {
  std::map<std::string, std::string> levels;
  core::Json view = core::card_view(card, programs, now, settings);
  // A points-per-unit level (v2) has no percent for the text to name: not announced.
  for (const auto& l : view["levels"])
    if (l.contains("percent")) levels[l["program"].get<std::string>()] = l["percent"].dump();
  return levels;
}

bool newcomer(const core::CardState& card, core::Day today) {
  if (card.purchases < 1) return false;
  if (card.spent == 0)  // its purchases cost nothing (paid with points): their days tell
    return card.purchases == 1 && !card.visit_days.empty() && card.visit_days.front() >= today - 1;
  if (card.spent_days.empty()) return false;
  core::Kopecks recent = 0;
  for (const auto& d : card.spent_days) recent += d.amount;
  return recent == card.spent && card.spent_days.front().day >= today - 1;
}

namespace {

// A level's percent (or points per unit) as an exact number to compare; 0 when unreadable.
std::int64_t level_value(const std::string& text) {
  auto v = core::parse_scaled_decimal(text, 2);
  return v ? *v : 0;
}

}  // namespace

std::vector<CardEvent> card_events(const core::CardState& card, const core::ProgramSet& programs,
                                   core::Instant now, const core::Settings& settings,
                                   const LastLook& last,
                                   const std::map<std::string, std::int64_t>& accrued) {
  std::vector<CardEvent> events;
  if (card.status != core::CardStatus::kActive) return events;
  const core::Day today = core::local_day(now, settings.zone);
  auto points = core::summarize_points(card, today);
  for (const auto& b : points.burning) {
    if (b.on < today || b.on - today > settings.expiry_warning_days) continue;
    events.push_back(
        {"points_burning", core::format_date(b.on),
         core::Json{
             {"points", b.points}, {"date", core::format_date(b.on)}, {"days", b.on - today}}});
  }
  for (const auto& [entry, n] : accrued)
    if (n > 0)
      events.push_back(
          {"points_accrued", entry, core::Json{{"points", n}, {"balance", points.balance}}});
  const bool is_new = newcomer(card, today);
  if (is_new) events.push_back({"welcome", "", core::Json{{"balance", points.balance}}});
  const int year = core::civil_from_day(today).year;
  for (const auto& [program, granted] : card.birthday_granted_year)
    if (granted == year)
      events.push_back({"birthday_gift", program + ":" + std::to_string(year),
                        core::Json{{"program", program}, {"balance", points.balance}}});
  for (const auto& [program, percent] : card_levels(card, programs, now, settings)) {
    auto before = last.levels.find(program);
    std::string was;
    if (before != last.levels.end())
      was = before->second;
    else if (last.seen || is_new)
      was = "0";  // no level then
    else
      continue;  // first seen with a history: its level may be old news
    if (level_value(percent) <= level_value(was)) continue;
    events.push_back({"level_reached", program + ":" + percent,
                      core::Json{{"program", program}, {"percent", percent}}});
  }
  return events;
}

std::int64_t accrued_points(const std::string& kind, const core::Json& entry,
                            const core::ProgramSet& programs) {
  if ((kind != "receipt" && kind != "topup") || !entry.is_object()) return 0;
  auto effects = core::effects_from_json(entry.value("effects", core::Json::object()));
  if (!effects) return 0;
  std::int64_t points = 0;
  for (const auto& lot : effects->new_lots)
    for (const auto& p : programs.programs())
      if (p->id == lot.program &&
          (p->kind == core::ProgramKind::kBonus || p->kind == core::ProgramKind::kWalletBonus))
        points += lot.remaining;
  return points;
}

std::optional<core::Json> current_values(const std::string& event, const core::Json& queued,
                                         const core::CardState& card, core::Instant now,
                                         const core::Settings& settings) {
  core::Json values = queued;
  const core::Day today = core::local_day(now, settings.zone);
  auto points = core::summarize_points(card, today);
  if (event == "points_burning") {
    const std::string date = queued.value("date", std::string());
    for (const auto& b : points.burning)
      if (core::format_date(b.on) == date && b.on >= today && b.points > 0) {
        values["points"] = b.points;
        values["days"] = b.on - today;
        return values;
      }
    return std::nullopt;
  }
  if (values.contains("balance")) values["balance"] = points.balance;
  return values;
}

std::vector<QueuedMessage> messages_for(const CardEvent& e, const core::CardState& card,
                                        const NotifyConfig& config) {
  std::vector<QueuedMessage> out;
  std::optional<std::string> customer;
  if (card.customer) customer = card.customer->id;
  std::string base = e.event + ":" + card.number + (e.key.empty() ? "" : ":" + e.key);
  // A customer is welcomed once, whatever number of cards bought first today (two merged
  // customers' cards, a lost card's replacement: two welcomes in the same second).
  if (e.event == "welcome" && customer) base = e.event + ":customer:" + *customer;
  core::Json payload = e.values;
  payload["event"] = e.event;
  payload["card"] = card.number;
  const bool to_customer = e.event != "points_accrued" || config.points_accrued;
  if (config.email && to_customer)
    out.push_back({base + ":email", e.event, "email", "", customer, card.number, payload});
  if (config.sms && to_customer)
    out.push_back({base + ":sms", e.event, "sms", "", customer, card.number, payload});
  for (const auto& hook : config.webhooks) {
    bool wanted = hook.events.empty() && to_customer;
    for (const auto& name : hook.events) wanted = wanted || name == e.event;
    if (wanted)
      out.push_back({base + ":webhook:" + hook.url, e.event, "webhook", hook.url, customer,
                     card.number, payload});
  }
  return out;
}

}  // namespace kopilka::office
