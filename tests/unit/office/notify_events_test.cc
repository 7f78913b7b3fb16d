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
  c.spent = 50000;
  c.spent_days.push_back({day("2026-11-30"), 50000});
  c.birthday_granted_year["bday"] = 2026;
  CHECK(events(office::card_events(c, none, event_at("2026-11-30T12:00:00+03:00"), moscow_zone(),
                                   {})) ==
        std::vector<std::string>{"welcome@", "birthday_gift@bday:2026"});
  c.purchases = 2;
  c.spent = 90000;  // the other purchase long ago: no newcomer
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
  // The verbs agree too: «21 бонус … сгорит», «остался 1 день» (it said «сгорят», «осталось»).
  CHECK(ru->text == "Анна, 21 бонус на карте …0015 сгорит после 05.12.2026: остался 1 день.");
  auto en = office::render_text(office::default_template("points_burning", core::Locale::kEn), p,
                                "", core::Locale::kEn);
  CHECK(en->text == "Hello, 21 points on card …0015 expire after 05.12.2026: 1 day left.");
  const auto kRu = core::Locale::kRu, kEn = core::Locale::kEn;
  CHECK(office::check_event_template("welcome",
                                     {"Привет",
                                      "{name}: {balance} "
                                      "{balance|бонус|бонуса|бонусов}"},
                                     kRu)
            .is_ok());
  auto bad = office::check_event_template("welcome", {"Привет", "{points} бонусов"}, kRu);
  CHECK(bad.field() == "text");
  CHECK(bad.message().find("{balance}") != std::string::npos);
  // Russian needs three plural forms and English two: «22 бонусов … через 3 дней» is refused.
  auto two = office::check_event_template(
      "points_burning", {"Сгорание", "{points} {points|бонус|бонусов} через {days} дней"}, kRu);
  CHECK(two.field() == "text");
  CHECK(two.message().find("three plural forms") != std::string::npos);
  CHECK(!office::check_event_template("welcome", {"Hi", "{balance|point|points|pointz}"}, kEn));
  CHECK(office::check_event_template("welcome", {"Hi", "{balance} {balance|point|points}"}, kEn));
  // A plural of what is no number.
  auto word = office::check_event_template("points_burning",
                                           {"Сгорание", "{date_text|а|б|в} {points}"}, kRu);
  CHECK(word.message().find("is not a number") != std::string::npos);
  // The campaign template wraps each campaign's text: one without {text} would send every
  // campaign as the same fixed words.
  CHECK(office::check_event_template("campaign", {"Копилка", "{name}! {text}"}, kRu));
  auto fixed = office::check_event_template("campaign", {"Копилка", "{name}, скидки!"}, kRu);
  CHECK(fixed.field() == "text");
  CHECK(fixed.message().find("{text}") != std::string::npos);
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

namespace {

core::ProgramSet scale() {
  auto doc = core::parse_json_exact(
      R"({"id": "scale", "name": "Скидка", "kind": "discount_scale",
          "levels": [{"from_spent": 100000, "percent": 3}, {"from_spent": 300000, "percent": 5}]})");
  REQUIRE(doc.ok());
  auto set = core::ProgramSet::build({*doc});
  REQUIRE(set.ok());
  return std::move(*set);
}

core::CardState bought(core::Kopecks spent, std::int64_t purchases, const char* first_day) {
  core::CardState c;
  c.number = "2000000000015";
  c.spent = spent;
  c.purchases = purchases;
  c.spent_days.push_back({day(first_day), spent});
  return c;
}

}  // namespace

TEST_CASE("a newcomer's purchases are all from today or yesterday, however many") {
  const core::Day today = day("2026-11-30");
  CHECK(office::newcomer(bought(200000, 2, "2026-11-29"), today));  // two offline receipts
  CHECK(!office::newcomer(bought(200000, 2, "2026-11-20"), today));
  core::CardState old = bought(200000, 2, "2026-11-30");
  old.spent = 900000;  // more bought before the days kept
  CHECK(!office::newcomer(old, today));
  CHECK(!office::newcomer(bought(0, 0, "2026-11-30"), today));
  // One purchase long ago (notifications set up since): no welcome, no level news.
  CHECK(!office::newcomer(bought(200000, 1, "2026-03-01"), today));
  auto welcome = office::card_events(bought(200000, 2, "2026-11-30"), {},
                                     event_at("2026-11-30T12:00:00+03:00"), moscow_zone(), {});
  CHECK(events(welcome) == std::vector<std::string>{"welcome@"});
}

TEST_CASE("a level going up is announced, going down is not, a newcomer's first one is") {
  const auto set = scale();
  const core::Instant now = event_at("2026-11-30T12:00:00+03:00");
  office::LastLook at3{true, {{"scale", "3"}}};
  CHECK(events(office::card_events(bought(400000, 5, "2026-01-10"), set, now, moscow_zone(),
                                   at3)) == std::vector<std::string>{"level_reached@scale:5"});
  office::LastLook at5{true, {{"scale", "5"}}};
  CHECK(office::card_events(bought(200000, 5, "2026-01-10"), set, now, moscow_zone(), at5).empty());
  // Seen before with no level at all: the first level is news.
  CHECK(events(office::card_events(bought(200000, 5, "2026-01-10"), set, now, moscow_zone(),
                                   office::LastLook{true, {}})) ==
        std::vector<std::string>{"level_reached@scale:3"});
  // Never seen: a newcomer's level is new; an old customer's is not news.
  CHECK(events(office::card_events(bought(200000, 1, "2026-11-30"), set, now, moscow_zone(), {})) ==
        std::vector<std::string>{"welcome@", "level_reached@scale:3"});
  CHECK(office::card_events(bought(200000, 5, "2026-01-10"), set, now, moscow_zone(), {}).empty());
}

TEST_CASE("a queued event's numbers are the card's at send time") {
  const core::Instant queued = event_at("2026-11-30T12:00:00+03:00");
  core::CardState c = card_with_lot("2026-12-05", 900);
  auto e = office::card_events(c, {}, queued, moscow_zone(), {});
  REQUIRE(e.size() == 1);
  // Two days later, 600 of the 900 spent: the text says 300 and 3 days.
  c.lots[0].remaining = 300;
  const core::Instant later = event_at("2026-12-02T09:00:00+03:00");
  auto now = office::current_values("points_burning", e[0].values, c, later, moscow_zone());
  REQUIRE(now);
  CHECK((*now)["points"] == 300);
  CHECK((*now)["days"] == 3);
  CHECK((*now)["date"] == e[0].values["date"]);
  // All of them taken away (or burned): nothing to warn about.
  c.lots.clear();
  CHECK(!office::current_values("points_burning", e[0].values, c, later, moscow_zone()));
  // A welcome's balance is the balance now.
  c.lots.push_back({"e2/0", "", day("2026-12-01"), day("2026-12-01"), day("2027-06-01"), 150});
  auto w = office::current_values("welcome", core::Json{{"balance", 900}}, c, later, moscow_zone());
  REQUIRE(w);
  CHECK((*w)["balance"] == 150);
}

TEST_CASE("points accrued: what a purchase's bonus programs granted, once per entry") {
  auto doc =
      core::parse_json_exact(R"({"id": "cash", "name": "Кешбэк", "kind": "bonus", "percent": 5})");
  REQUIRE(doc.ok());
  auto set = core::ProgramSet::build({*doc});
  REQUIRE(set.ok());
  auto entry = [](const char* lots) {
    auto j = core::parse_json_exact(
        std::string(R"({"effects": {"card": "2000000000015", "new_lots": )") + lots + "}}");
    REQUIRE(j.ok());
    return *j;
  };
  const char* two = R"([{"id": "0", "program": "cash", "earned_day": "2026-11-30",
      "usable_from": "2026-11-30", "last_day": null, "points": 30},
      {"id": "1", "program": "gift", "earned_day": "2026-11-30", "usable_from": "2026-11-30",
      "last_day": null, "points": 500}])";
  CHECK(office::accrued_points("receipt", entry(two), *set) == 30);  // not the other program's
  CHECK(office::accrued_points("refund", entry(two), *set) == 0);    // points given back
  CHECK(office::accrued_points("adjust", entry(two), *set) == 0);
  core::CardState c;
  c.number = "2000000000015";
  c.purchases = 3;
  c.lots.push_back({"r1:7/0", "cash", day("2026-11-30"), day("2026-11-30"), std::nullopt, 10});
  const core::Instant now = event_at("2026-11-30T12:00:00+03:00");
  CHECK(office::card_events(c, *set, now, moscow_zone(), {}).empty());  // none asked for
  auto e = office::card_events(c, *set, now, moscow_zone(), {}, {{"r1:7", 30}, {"r1:8", 0}});
  REQUIRE(events(e) == std::vector<std::string>{"points_accrued@r1:7"});
  CHECK(e[0].values["points"] == 30);  // as granted, though 20 of them were spent since
  CHECK(e[0].values["balance"] == 10);
  office::NotifyConfig only_hook;
  only_hook.email = office::EmailChannel{};
  only_hook.webhooks.push_back({"http://crm/all", "", {}});
  only_hook.webhooks.push_back({"http://crm/points", "", {"points_accrued"}});
  auto m = office::messages_for(e[0], c, only_hook);
  REQUIRE(m.size() == 1);  // not to the customer, nor to the every-event hook, without the switch
  CHECK(m[0].target == "http://crm/points");
}
