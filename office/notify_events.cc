// card_events and messages_for (notify_events.h).
#include "office/notify_events.h"

#include "core/card_points.h"

namespace kopilka::office {

std::map<std::string, std::string> card_levels(const core::CardState& card,
                                               const core::ProgramSet& programs, core::Instant now,
                                               const core::Settings& settings) {
  std::map<std::string, std::string> levels;
  core::Json view = core::card_view(card, programs, now, settings);
  for (const auto& l : view["levels"])
    levels[l["program"].get<std::string>()] = l["percent"].dump();
  return levels;
}

std::vector<CardEvent> card_events(const core::CardState& card, const core::ProgramSet& programs,
                                   core::Instant now, const core::Settings& settings,
                                   const std::map<std::string, std::string>& level_before) {
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
  if (card.purchases == 1)  // the first purchase; a card seen later is no newcomer
    events.push_back({"welcome", "", core::Json{{"balance", points.balance}}});
  const int year = core::civil_from_day(today).year;
  for (const auto& [program, granted] : card.birthday_granted_year)
    if (granted == year)
      events.push_back({"birthday_gift", program + ":" + std::to_string(year),
                        core::Json{{"program", program}, {"balance", points.balance}}});
  for (const auto& [program, percent] : card_levels(card, programs, now, settings)) {
    auto before = level_before.find(program);
    if (before == level_before.end() || before->second == percent) continue;
    events.push_back({"level_reached", program + ":" + percent,
                      core::Json{{"program", program}, {"percent", percent}}});
  }
  return events;
}

std::vector<QueuedMessage> messages_for(const CardEvent& e, const core::CardState& card,
                                        const NotifyConfig& config) {
  std::vector<QueuedMessage> out;
  std::optional<std::string> customer;
  if (card.customer) customer = card.customer->id;
  std::string base = e.event + ":" + card.number + (e.key.empty() ? "" : ":" + e.key);
  core::Json payload = e.values;
  payload["event"] = e.event;
  payload["card"] = card.number;
  if (config.email)
    out.push_back({base + ":email", e.event, "email", "", customer, card.number, payload});
  if (config.sms)
    out.push_back({base + ":sms", e.event, "sms", "", customer, card.number, payload});
  for (const auto& hook : config.webhooks) {
    bool wanted = hook.events.empty();
    for (const auto& name : hook.events) wanted = wanted || name == e.event;
    if (wanted)
      out.push_back({base + ":webhook:" + hook.url, e.event, "webhook", hook.url, customer,
                     card.number, payload});
  }
  return out;
}

}  // namespace kopilka::office
