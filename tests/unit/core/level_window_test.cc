// Tests of levels over a rolling window (programs.md "Levels over a rolling window, and
// going down"): the level is what the card bought on the receipt's day and the N days
// before it, refunds count on their receipt's day, a level goes down, the card's answer says
// what to spend by when to keep it, and the days a card keeps.
#include "core/level_window.h"
#include "core/card_state_json.h"
#include "core/card_state_text.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/program.h"
#include "core/sale_record.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

const char* kYear =
    R"({"id": "year", "name": "Годовая скидка", "kind": "discount_scale", "level_window_days": 365,
        "levels": [{"from_spent": 0, "percent": 3}, {"from_spent": 1000000, "percent": 5},
                   {"from_spent": 3000000, "percent": 10}]})";

// Lifetime 50 000 ₽; in the window: 20 000 ₽ on 10.01.2026 and 12 000 ₽ on 01.06.2026.
CardState regular() {
  CardState c = card(5000000);
  c.spent_days = {
      {day("2025-03-01"), 1800000}, {day("2026-01-10"), 2000000}, {day("2026-06-01"), 1200000}};
  return c;
}

Json discount_of(const CardState& c, const ProgramSet& set, const std::string& when) {
  auto out = calculate(receipt(when, {line(1, "A", "food", 1000, 100000)}), &c, set, {}, moscow());
  return answer(out)["discount"];
}

Status parse_error(const std::string& text) {
  return parse_program(doc(text)).status();
}

}  // namespace

TEST_CASE("level window: the level is the last 365 days' spending, and it goes down") {
  auto set = programs({kYear});
  CardState c = regular();
  // 01.12.2026: 20 000 + 12 000 ₽ in the window (the 2025 day is out): 10 % of 1 000 ₽.
  CHECK(level_spent(*parse_program(doc(kYear)), c, day("2026-12-01")) == 3200000);
  CHECK(discount_of(c, set, "2026-12-01T12:00:00+03:00") == 10000);
  // A receipt exactly 365 days back still counts (programs.md): 10.01.2027 is the last day
  // 10.01.2026 is inside; on 11.01.2027 it is out: 5 %.
  CHECK(discount_of(c, set, "2027-01-10T23:00:00+03:00") == 10000);
  CHECK(discount_of(c, set, "2027-01-11T09:00:00+03:00") == 5000);
  // 01.06.2026 still counts on 01.06.2027; from 02.06.2027 nothing is left in the window:
  // the first level, whatever the lifetime.
  CHECK(discount_of(c, set, "2027-06-01T09:00:00+03:00") == 5000);
  CHECK(discount_of(c, set, "2027-06-02T09:00:00+03:00") == 3000);
  // A program without a window keeps choosing by lifetime `spent`.
  auto lifetime = programs({R"({"id": "life", "name": "Скидка", "kind": "discount_scale",
        "levels": [{"from_spent": 0, "percent": 3}, {"from_spent": 3000000, "percent": 10}]})"});
  CHECK(discount_of(c, lifetime, "2027-06-01T09:00:00+03:00") == 10000);
}

TEST_CASE("level window: the card's answer says what to spend by which date to keep the level") {
  auto set = programs({kYear});
  Json view = card_view(regular(), set, at("2026-12-01T12:00:00+03:00"), moscow());
  REQUIRE(view["levels"].size() == 1);
  // 10.01.2026 leaves the window on 11.01.2027, leaving 12 000 ₽ of the 30 000 ₽ level.
  CHECK(view["levels"][0] == Json{{"program", "year"},
                                  {"percent", 10},
                                  {"next", nullptr},
                                  {"window_days", 365},
                                  {"window_spent", 3200000},
                                  {"keep", {{"spend", 1800000}, {"by", "2027-01-10"}}}});
  CHECK(texts(view, "customer") ==
        std::vector<std::string>{"Уровень «Годовая скидка» 10 % сохранится, если до 10.01.2027 "
                                 "купить ещё на 18 000,00 ₽"});
  Settings en = moscow();
  en.locale = Locale::kEn;
  CHECK(texts(card_view(regular(), set, at("2026-12-01T12:00:00+03:00"), en), "customer") ==
        std::vector<std::string>{
            "To keep your 10 % level of Годовая скидка, spend 18 000,00 ₽ "
            "more by 2027-01-10"});
  // On the first level there is nothing to keep; the next level is counted in the window.
  Json low = card_view(regular(), set, at("2027-06-02T12:00:00+03:00"), moscow());
  CHECK(low["levels"][0]["keep"] == nullptr);
  CHECK(low["levels"][0]["window_spent"] == 0);
  CHECK(low["levels"][0]["next"] == Json{{"from_spent", 1000000}, {"percent", 5}});
  CHECK(texts(low, "customer").empty());
}

TEST_CASE("level window: a receipt counts on its day, a refund on its receipt's day") {
  auto set = programs({kYear});
  CardState c = regular();
  const CardState before = c;
  auto sale = calculate(receipt("2026-12-01T12:00:00+03:00", {line(1, "A", "food", 2000, 100000)}),
                        &c, set, {}, moscow());
  CHECK(sale.effects.spent_delta == 180000);  // 2 000 ₽ less 10 %
  CHECK(sale.effects.spent_day == day("2026-12-01"));
  REQUIRE(apply_effects(c, sale.effects, "r:1", day("2026-12-01")).is_ok());
  CHECK(c.spent_days.back() == DaySpent{day("2026-12-01"), 180000});

  // Half of it back a week later: subtracted on 01.12, not on 08.12.
  RefundRequest half;
  half.refund_id = "RF-1";
  half.at = at("2026-12-08T12:00:00+03:00");
  half.lines = std::vector<RefundLine>{{1, Quantity{1000}}};
  auto first = refund(*sale.sale, "r:1", RefundState{}, half, &c, moscow());
  REQUIRE(first.ok());
  CHECK(first->effects.spent_day == day("2026-12-01"));
  REQUIRE(apply_effects(c, first->effects, "f:1", day("2026-12-08")).is_ok());
  CHECK(c.spent_days.back() == DaySpent{day("2026-12-01"), 90000});
  // The rest back: the card is where it was, the day gone.
  RefundRequest rest;
  rest.refund_id = "RF-2";
  rest.at = half.at;
  auto second = refund(*sale.sale, "r:1", first->after, rest, &c, moscow());
  REQUIRE(second.ok());
  REQUIRE(apply_effects(c, second->effects, "f:2", day("2026-12-08")).is_ok());
  CHECK(c.spent_days == before.spent_days);
  CHECK(c.spent == before.spent);
}

TEST_CASE("level window: a card keeps 731 days; entries of older versions count on their day") {
  CardState c = card();
  CardEffects old_entry;
  old_entry.card = c.number;
  old_entry.spent_delta = 50000;  // no spent_day: written before windows existed
  REQUIRE(apply_effects(c, old_entry, "e:1", day("2026-01-01")).is_ok());
  CHECK(c.spent_days == std::vector<DaySpent>{{day("2026-01-01"), 50000}});
  // 730 days later the day is still kept (a 730-day window ending then reaches it) …
  CardEffects later = old_entry;
  later.spent_day = day("2028-01-01");
  REQUIRE(apply_effects(c, later, "e:2", day("2028-01-01")).is_ok());
  CHECK(c.spent_days.size() == 2);
  // … and one day after that it is dropped.
  later.spent_day = day("2028-01-02");
  REQUIRE(apply_effects(c, later, "e:3", day("2028-01-02")).is_ok());
  CHECK(c.spent_days ==
        std::vector<DaySpent>{{day("2028-01-01"), 50000}, {day("2028-01-02"), 50000}});
  CHECK(c.spent == 150000);
}

TEST_CASE("level window: days travel in the card's state and the entry's effects") {
  CardState c = regular();
  Json j = card_state_to_json(c);
  CHECK(j["spent_days"] ==
        Json{{"2025-03-01", 1800000}, {"2026-01-10", 2000000}, {"2026-06-01", 1200000}});
  CHECK(card_state_text(c) == j.dump());
  auto back = card_state_from_json(j);
  REQUIRE(back.ok());
  CHECK(back->spent_days == c.spent_days);
  // A card without days is written as before they existed.
  CHECK(!card_state_to_json(card(100)).contains("spent_days"));
  j["spent_days"]["2026-01-10"] = 0;
  CHECK(card_state_from_json(j).status().field() == "spent_days.2026-01-10");

  CardEffects fx;
  fx.card = c.number;
  fx.spent_delta = -5000;
  fx.spent_day = day("2026-06-01");
  Json e = effects_to_json(fx);
  CHECK(e["spent_day"] == "2026-06-01");
  CHECK(effects_from_json(e)->spent_day == day("2026-06-01"));
}

TEST_CASE("level window: the program format") {
  CHECK(parse_program(doc(kYear))->level_window_days == 365);
  auto bonus = parse_program(doc(R"({"id": "b", "name": "B", "kind": "bonus",
      "level_window_days": 30, "levels": [{"from_spent": 0, "percent": 5}]})"));
  REQUIRE(bonus.ok());
  CHECK(bonus->level_window_days == 30);
  CHECK(parse_error(R"({"id": "b", "name": "B", "kind": "bonus", "percent": 5,
      "level_window_days": 30})")
            .field() == "level_window_days");
  CHECK(parse_error(R"({"id": "s", "name": "S", "kind": "discount_scale", "level_window_days": 0,
      "levels": [{"from_spent": 0, "percent": 5}]})")
            .field() == "level_window_days");
  CHECK(parse_error(R"({"id": "s", "name": "S", "kind": "discount_scale",
      "level_window_days": 731, "levels": [{"from_spent": 0, "percent": 5}]})")
            .field() == "level_window_days");
  CHECK(parse_error(R"({"id": "d", "name": "D", "kind": "discount", "percent": 5,
      "level_window_days": 30})")
            .field() == "level_window_days");
  // The formatter splits Cyrillic literals differently on every pass.
  // clang-format off
  const std::string explained =
      "year (discount_scale): уровни: от 0,00 ₽ → 3 %, от 10 000,00 ₽ → 5 %, "
      "от 30 000,00 ₽ → 10 % (по покупкам за 365 дней; уровень может снизиться)";
  // clang-format on
  CHECK(explain_program(*parse_program(doc(kYear)), Locale::kRu) == explained);
}

TEST_CASE("a lifetime level uses what the card had spent by the receipt's day, not later") {
  // programs.md: levels use `spent` as it stood before the receipt; rules are evaluated at
  // `at`. A receipt of 01.12.2026 was confirmed first; one dated 20.11.2026 comes after it
  // (a register replaying after an outage).
  auto set = programs({R"({"id": "life", "name": "Скидка", "kind": "discount_scale",
        "levels": [{"from_spent": 100000, "percent": 5}]})"});
  CardState c = card(150000);
  c.spent_days = {{day("2026-11-10"), 50000}, {day("2026-12-01"), 100000}};
  const Program life = *parse_program(doc(R"({"id": "life", "name": "Скидка",
        "kind": "discount_scale", "levels": [{"from_spent": 100000, "percent": 5}]})"));
  CHECK(level_spent(life, c, day("2026-11-20")) == 50000);
  CHECK(discount_of(c, set, "2026-11-20T12:00:00+03:00") == 0);
  // On the later receipt's own day and after, everything counts: 5 % of 1 000 ₽.
  CHECK(level_spent(life, c, day("2026-12-01")) == 150000);
  CHECK(discount_of(c, set, "2026-12-01T09:00:00+03:00") == 5000);
  CHECK(discount_of(c, set, "2026-12-02T09:00:00+03:00") == 5000);
  // The card's answer at a past `at` shows what was spent and visited by then, as its level.
  c.visit_days = {day("2026-11-10"), day("2026-12-01")};
  Json past = card_view(c, set, at("2026-11-20T12:00:00+03:00"), moscow());
  CHECK(past["spent"] == 50000);
  CHECK(past["visits"] == 1);
  CHECK(past["levels"][0]["percent"] == 0);
  CHECK(past["levels"][0]["next"]["from_spent"] == 100000);
  Json now = card_view(c, set, at("2026-12-01T12:00:00+03:00"), moscow());
  CHECK((now["spent"] == 150000 && now["visits"] == 2 && now["levels"][0]["percent"] == 5));
  // A card whose days were never kept (imported with its `spent`) chooses by `spent`.
  CHECK(discount_of(card(150000), set, "2026-11-20T12:00:00+03:00") == 5000);
}
