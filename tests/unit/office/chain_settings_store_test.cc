// The chain settings in the change feed, on both engines (SQLite here; PostgreSQL under
// unit_office_postgresql): each save takes the next change number like a program, repeated
// saves collapse into one change, and the pull page carries the chain's three keys only.
#include <doctest/doctest.h>

#include "office/chain_settings.h"
#include "office/config.h"
#include "office/pull_page.h"
#include "test_support/office_store.h"

using namespace kopilka;
using office::test::TempStore;

TEST_CASE("a chain settings save takes the next change number and goes out with the pull") {
  TempStore t;
  auto start = t.store->changes_after(0, 100, office::Remaining::kCounted);
  REQUIRE(start.ok());
  const std::int64_t cursor = start->next;

  REQUIRE(
      t.store
          ->put_program(
              "b1",
              R"({"id": "b1", "name": "B", "kind": "bonus", "levels": [{"from_spent": 0, "percent": 5}]})")
          .ok());
  const std::string first =
      R"({"point_value": 250, "no_loyalty_categories": ["tobacco"], "expiry_warning_days": 3,)"
      R"( "max_adjust_points": 100})";
  REQUIRE(t.store->put_chain_settings(first).is_ok());
  auto page = t.store->changes_after(cursor, 100, office::Remaining::kCounted);
  REQUIRE(page.ok());
  REQUIRE(page->changes.size() == 2);
  CHECK(page->changes[0].type == office::Change::Type::kProgram);
  CHECK(page->changes[1].type == office::Change::Type::kSettings);
  CHECK(page->changes[1].seq == page->changes[0].seq + 1);
  CHECK(page->changes[1].key == "chain");
  CHECK(page->next == page->changes[1].seq);

  auto text = office::write_pull_page(*page);
  REQUIRE(text.ok());
  auto body = core::parse_json_exact(*text);
  REQUIRE(body.ok());
  CHECK((*body)["changes"][1] ==
        *core::parse_json_exact(
            R"({"seq": )" + std::to_string(page->changes[1].seq) +
            R"(, "type": "settings", "settings": {"point_value": 250,)"
            R"( "no_loyalty_categories": ["tobacco"], "expiry_warning_days": 3}})"));

  // A second save replaces the first: one change, with a new number after the program's.
  const std::string second =
      R"({"point_value": 300, "no_loyalty_categories": [], "expiry_warning_days": 3,)"
      R"( "max_adjust_points": 100})";
  REQUIRE(t.store->put_chain_settings(second).is_ok());
  auto again = t.store->changes_after(page->changes[0].seq, 100, office::Remaining::kCounted);
  REQUIRE(again.ok());
  REQUIRE(again->changes.size() == 1);
  CHECK(again->changes[0].type == office::Change::Type::kSettings);
  CHECK(again->changes[0].seq == page->changes[1].seq + 1);
  CHECK(again->changes[0].text == second);
  // A register already past the first save gets the second one.
  auto after_first = t.store->changes_after(page->next, 100, office::Remaining::kCounted);
  REQUIRE(after_first.ok());
  REQUIRE(after_first->changes.size() == 1);
  CHECK(after_first->changes[0].seq == again->changes[0].seq);

  // A page cut short counts the settings among what remains.
  auto cut = t.store->changes_after(cursor, 1, office::Remaining::kCounted);
  REQUIRE(cut.ok());
  CHECK(cut->remaining == 1);
}

TEST_CASE("head office's settings are office.toml's until saved, then the saved ones") {
  TempStore t;
  office::OfficeConfig config;
  config.settings = t.settings;
  config.settings.point_value = 100;
  config.timezone = "Europe/Moscow";
  auto before = office::load_chain_settings(*t.store, config);
  REQUIRE(before.ok());
  CHECK_FALSE(before->saved);
  CHECK(before->rules.point_value == 100);
  CHECK(before->max_adjust_points == office::kDefaultMaxAdjustPoints);

  auto merged = office::merge_settings(
      *before, *core::parse_json_exact(R"({"point_value": 40, "max_adjust_points": 10})"));
  REQUIRE(merged.ok());
  REQUIRE(t.store->put_chain_settings(office::settings_document(*merged)).is_ok());
  auto after = office::load_chain_settings(*t.store, config);
  REQUIRE(after.ok());
  CHECK(after->saved);
  CHECK(after->rules.point_value == 40);
  CHECK(after->max_adjust_points == 10);
}

TEST_CASE("unsaved chain settings are said in every pull page's header, in each format") {
  TempStore t;
  auto page = t.store->changes_after(0, 100, office::Remaining::kCounted);
  REQUIRE(page.ok());
  const std::string settings = R"({"point_value":100,"no_loyalty_categories":[]})";
  auto v1 = office::write_pull_page(*page, "Europe/Moscow", settings);
  auto v2 = office::write_pull_page_v2(*page, "Europe/Moscow", settings);
  REQUIRE(v1.ok());
  REQUIRE(v2.ok());
  for (const std::string& header : {*v1, v2->substr(0, v2->find('\n'))}) {
    auto body = core::parse_json_exact(header);
    REQUIRE(body.ok());
    CHECK((*body)["settings"] == *core::parse_json_exact(settings));
    CHECK((*body)["timezone"] == "Europe/Moscow");
  }
  // Saved ones go in the feed instead: no header member.
  auto plain = office::write_pull_page(*page, "Europe/Moscow");
  REQUIRE(plain.ok());
  CHECK_FALSE(core::parse_json_exact(*plain)->contains("settings"));
}
