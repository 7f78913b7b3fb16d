// Built-in notification templates and their rendering (notify_texts.h).
#include "office/notify_texts.h"

#include "core/first_name.h"
#include "core/message_template.h"

namespace kopilka::office {

MessageText default_template(const std::string& event, core::Locale locale) {
  const bool ru = locale == core::Locale::kRu;
  if (event == "points_burning")
    return ru ? MessageText{"Бонусы скоро сгорят",
                            "{name}, {points} {points|бонус|бонуса|бонусов} на карте {card_tail} "
                            "{points|сгорит|сгорят|сгорят} после {date_text}: "
                            "{days|остался|осталось|осталось} {days} {days|день|дня|дней}."}
              : MessageText{"Your points are about to expire",
                            "{name}, {points} {points|point|points} on card {card_tail} expire "
                            "after {date_text}: {days} {days|day|days} left."};
  if (event == "birthday_gift")
    return ru ? MessageText{"С днём рождения!",
                            "{name}, с днём рождения! Вам подарок: бонусы на карте {card_tail}, "
                            "всего {balance} {balance|бонус|бонуса|бонусов}."}
              : MessageText{"Happy birthday!",
                            "{name}, happy birthday! A gift is on card {card_tail}: "
                            "{balance} {balance|point|points} in all."};
  if (event == "level_reached")
    return ru ? MessageText{"Новый уровень", "{name}, поздравляем: ваша скидка теперь {percent}%."}
              : MessageText{"A new level",
                            "{name}, congratulations: your discount is now {percent}%."};
  if (event == "welcome")
    return ru ? MessageText{"Добро пожаловать",
                            "{name}, спасибо за покупку! Карта {card_tail}: "
                            "{balance} {balance|бонус|бонуса|бонусов}."}
              : MessageText{"Welcome",
                            "{name}, thank you for your purchase! Card {card_tail}: "
                            "{balance} {balance|point|points}."};
  if (event == "points_accrued")
    return ru ? MessageText{"Начислены бонусы",
                            "{name}, на карту {card_tail} начислено {points} "
                            "{points|бонус|бонуса|бонусов}, всего {balance} "
                            "{balance|бонус|бонуса|бонусов}."}
              : MessageText{"Points added",
                            "{name}, {points} {points|point|points} added to card {card_tail}, "
                            "{balance} {balance|point|points} in all."};
  return ru ? MessageText{"Копилка", "{text}"} : MessageText{"Kopilka", "{text}"};
}

const std::vector<std::string>& template_placeholders(const std::string& event) {
  static const std::vector<std::string> kBurning = {"name", "card_tail", "points", "date_text",
                                                    "days"};
  static const std::vector<std::string> kBalance = {"name", "card_tail", "balance"};
  static const std::vector<std::string> kLevel = {"name", "card_tail", "percent"};
  static const std::vector<std::string> kAccrued = {"name", "card_tail", "points", "balance"};
  static const std::vector<std::string> kText = {"name", "card_tail", "text"};
  if (event == "points_accrued") return kAccrued;
  if (event == "points_burning") return kBurning;
  if (event == "level_reached") return kLevel;
  if (event == "birthday_gift" || event == "welcome") return kBalance;
  return kText;
}

core::Json sample_payload(const std::string& event) {
  if (event == "points_burning")
    return {{"card", "2000000000015"}, {"points", 900}, {"date", "2026-12-31"}, {"days", 5}};
  if (event == "level_reached") return {{"card", "2000000000015"}, {"percent", "7"}};
  if (event == "points_accrued")
    return {{"card", "2000000000015"}, {"points", 45}, {"balance", 1021}};
  if (event == "birthday_gift" || event == "welcome")
    return {{"card", "2000000000015"}, {"balance", 1021}};
  return {{"card", "2000000000015"}, {"text", "Скидка 20% на всё до воскресенья"}};
}

core::Status check_event_template(const std::string& event, const MessageText& t,
                                  core::Locale locale) {
  std::vector<std::string> numbers;
  for (const auto& n : template_placeholders(event))
    if (n == "points" || n == "days" || n == "balance") numbers.push_back(n);
  const std::size_t forms = locale == core::Locale::kRu ? 3 : 2;
  std::string names;
  core::TemplateValues values;
  for (const auto& n : template_placeholders(event)) {
    names += (names.empty() ? "{" : ", {") + n + "}";
    values[n] = "1";
  }
  for (const auto& [field, part] :
       {std::pair<const char*, const std::string*>{"subject", &t.subject}, {"text", &t.text}}) {
    if (part->empty() || part->size() > 2000)
      return core::Status::invalid("must be 1 to 2000 characters", field);
    if (core::Status s = core::check_template(*part, forms, numbers); !s)
      return core::Status::invalid(s.message(), field);
    if (auto r = core::render_template(*part, values); !r)
      return core::Status::invalid(r.status().message() + "; this event's placeholders: " + names,
                                   field);
  }
  // The campaign template wraps every campaign's own text: without {text} each would say
  // the same fixed words, whatever the marketer wrote.
  if (event == "campaign" && t.text.find("{text}") == std::string::npos)
    return core::Status::invalid("must contain {text}, where each campaign's own text goes",
                                 "text");
  return core::Status::ok();
}

core::Result<MessageText> render_text(const MessageText& t, const core::Json& payload,
                                      const std::string& customer_name, core::Locale locale) {
  core::TemplateValues values;
  for (const auto& [key, value] : payload.items())
    values[key] = value.is_string() ? value.get<std::string>() : value.dump();
  const std::string first = core::first_name(customer_name);
  values["name"] = first.empty() ? (locale == core::Locale::kRu ? "Здравствуйте" : "Hello") : first;
  if (auto card = values.find("card"); card != values.end())
    values["card_tail"] =
        "…" + card->second.substr(card->second.size() > 4 ? card->second.size() - 4 : 0);
  if (auto date = values.find("date"); date != values.end() && date->second.size() == 10)
    values["date_text"] = date->second.substr(8, 2) + "." + date->second.substr(5, 2) + "." +
                          date->second.substr(0, 4);
  auto subject = core::render_template(t.subject, values);
  if (!subject) return subject.status();
  auto text = core::render_template(t.text, values);
  if (!text) return text.status();
  return MessageText{*subject, *text};
}

}  // namespace kopilka::office
