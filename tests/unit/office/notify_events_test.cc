// What a card's state calls for, what the customer reads, and when quiet hours end: the
// notification rules that need no database.
#include <doctest/doctest.h>

#include "core/card_points.h"
#include "office/notify_events.h"
#include "office/notify_texts.h"
#include "office/notify_worker.h"

using namespace kopilka;

namespace {

core::Settings moscow_zone() {
  core::Settings s;
  s.zone = *core::locate_zone("Europe/Moscow");
  return s;
}

core::Instant event_at(const char* rfc3339) {
  return *core::parse_rfc3339(rfc3339);
}

core::Day day(const char* date) {
  return *core::parse_date(date);
}

core::CardState card_with_lot(const char* last_day, std::int64_t points) {
  core::CardState c;
  c.number = "2000000000015";
  c.purchases = 3;
  c.lots.push_back({"e1/0", "", day("2026-11-01"), day("2026-11-01"), day(last_day), points});
  return c;
}

std::vector<std::string> events(const std::vector<office::CardEvent>& es) {
  std::vector<std::string> out;
  for (const auto& e : es) out.push_back(e.event + "@" + e.key);
  return out;
}

}  // namespace

TEST_CASE("points burning within expiry_warning_days, once per burn date") {
  core::ProgramSet none;
  const core::Instant now = event_at("2026-11-30T12:00:00+03:00");
  CHECK(events(office::card_events(card_with_lot("2026-12-07", 900), none, now, moscow_zone(),
                                   {})) == std::vector<std::string>{"points_burning@2026-12-07"});
  CHECK(
      office::card_events(card_with_lot("2026-12-08", 900), none, now, moscow_zone(), {}).empty());
  auto e = office::card_events(card_with_lot("2026-12-05", 900), none, now, moscow_zone(), {});
  REQUIRE(e.size() == 1);
  CHECK(e[0].values["points"] == 900);
  CHECK(e[0].values["days"] == 5);
  core::CardState blocked = card_with_lot("2026-12-05", 900);
  blocked.status = core::CardStatus::kBlocked;
  CHECK(office::card_events(blocked, none, now, moscow_zone(), {}).empty());
}

TEST_CASE("the first purchase welcomes; a birthday gift of this year is announced") {
  core::ProgramSet none;
  core::CardState c;
  c.number = "2000000000015";
  c.purchases = 1;
  c.birthday_granted_year["bday"] = 2026;
  CHECK(events(office::card_events(c, none, event_at("2026-11-30T12:00:00+03:00"), moscow_zone(),
                                   {})) ==
        std::vector<std::string>{"welcome@", "birthday_gift@bday:2026"});
  c.purchases = 2;
  c.birthday_granted_year["bday"] = 2025;
  CHECK(office::card_events(c, none, event_at("2026-11-30T12:00:00+03:00"), moscow_zone(), {})
            .empty());
}

TEST_CASE("one message per channel, keyed so that it queues once") {
  office::NotifyConfig config;
  config.email = office::EmailChannel{};
  config.webhooks = {{"https://a.example", "s", {"welcome"}}, {"https://b.example", "s", {}}};
  core::CardState c = card_with_lot("2026-12-07", 900);
  c.customer = core::Customer{};
  c.customer->id = "c-1";
  office::CardEvent e{"points_burning", "2026-12-07", core::Json{{"points", 900}}};
  auto m = office::messages_for(e, c, config);
  REQUIRE(m.size() == 2);  // e-mail and the webhook that takes every event
  CHECK(m[0].dedupe == "points_burning:2000000000015:2026-12-07:email");
  CHECK(m[1].dedupe == "points_burning:2000000000015:2026-12-07:webhook:https://b.example");
  CHECK(m[1].customer_id == "c-1");
}

TEST_CASE("texts agree with their numbers, in Russian and English") {
  core::Json p{{"card", "2000000000015"}, {"points", 21}, {"date", "2026-12-05"}, {"days", 1}};
  auto ru = office::render_text(office::default_template("points_burning", core::Locale::kRu), p,
                                "Анна Петрова", core::Locale::kRu);
  REQUIRE(ru.ok());
  CHECK(ru->text == "Анна, 21 бонус на карте …0015 сгорят после 05.12.2026: осталось 1 день.");
  auto en = office::render_text(office::default_template("points_burning", core::Locale::kEn), p,
                                "", core::Locale::kEn);
  CHECK(en->text == "Hello, 21 points on card …0015 expire after 05.12.2026: 1 day left.");
  CHECK(office::check_event_template("welcome", {"Привет",
                                                 "{name}: {balance} "
                                                 "{balance|бонус|бонуса|бонусов}"})
            .is_ok());
  auto bad = office::check_event_template("welcome", {"Привет", "{points} бонусов"});
  CHECK(bad.field() == "text");
  CHECK(bad.message().find("{balance}") != std::string::npos);
}

TEST_CASE("quiet hours end in the morning, across midnight") {
  const core::Zone z = *core::locate_zone("Europe/Moscow");
  const office::QuietHours night{21 * 60, 9 * 60};
  CHECK(office::after_quiet_hours(event_at("2026-11-30T12:00:00+03:00"), night, z) ==
        event_at("2026-11-30T12:00:00+03:00"));
  CHECK(office::after_quiet_hours(event_at("2026-11-30T22:30:00+03:00"), night, z) ==
        event_at("2026-12-01T09:00:00+03:00"));
  CHECK(office::after_quiet_hours(event_at("2026-12-01T03:00:00+03:00"), night, z) ==
        event_at("2026-12-01T09:00:00+03:00"));
  CHECK(office::after_quiet_hours(event_at("2026-12-01T09:00:00+03:00"), night, z) ==
        event_at("2026-12-01T09:00:00+03:00"));
  const office::QuietHours lunch{13 * 60, 14 * 60};
  CHECK(office::after_quiet_hours(event_at("2026-11-30T13:30:00+03:00"), lunch, z) ==
        event_at("2026-11-30T14:00:00+03:00"));
  CHECK(office::after_quiet_hours(event_at("2026-11-30T22:30:00+03:00"), std::nullopt, z) ==
        event_at("2026-11-30T22:30:00+03:00"));
}
