// Head office's chain settings at the register: pulled with the changes, stored with the
// cursor, and used over the config file's values (register/chain_settings.h); a document the
// register cannot use keeps nothing of its slice.
#include "register/chain_settings.h"

#include <doctest/doctest.h>

#include "register/sync_run.h"
#include "sync_test_util.h"

using namespace kopilka;
using namespace kopilka::test;
using core::Json;

TEST_CASE("head office's chain settings win over the config file's, key by key") {
  core::Settings local;
  local.point_value = 100;
  local.expiry_warning_days = 7;
  local.no_loyalty_categories = {"tobacco"};
  auto none = daemon::with_office_settings(local, Json());
  REQUIRE(none.ok());
  CHECK(none->point_value == 100);
  CHECK(daemon::office_setting_keys(Json()).empty());

  Json office = {{"point_value", 250}, {"no_loyalty_categories", Json::array()}};
  auto both = daemon::with_office_settings(local, office);
  REQUIRE(both.ok());
  CHECK(both->point_value == 250);
  CHECK(both->no_loyalty_categories.empty());
  CHECK(both->expiry_warning_days == 7);  // not sent: the file's
  CHECK(daemon::office_setting_keys(office) ==
        std::vector<std::string>{"point_value", "no_loyalty_categories"});

  auto bad = daemon::with_office_settings(local, Json{{"point_value", 0}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().field() == "point_value");
}

TEST_CASE("pulled chain settings are stored with the cursor and reported") {
  TempStore t;
  int changed = 0;
  auto options = t.options();
  options.settings_changed = [&changed] {
    ++changed;
    return core::Status::ok();
  };
  daemon::SyncRun run(*t.store, options);
  REQUIRE(run.next());
  Json settings = {
      {"point_value", 250}, {"no_loyalty_categories", {"alcohol"}}, {"expiry_warning_days", 3}};
  run.take(answer(200, {{"changes", {{{"seq", 9}, {"type", "settings"}, {"settings", settings}}}},
                        {"next", 9},
                        {"more", false}}));
  apply_all(run);
  CHECK(run.summary().result == "ok");
  CHECK(changed == 1);
  CHECK(*t.store->chain_settings() == settings);
  CHECK(*t.store->meta("sync_cursor") == "9");
}

TEST_CASE("chain settings the register cannot use keep nothing of the slice") {
  TempStore t;
  core::CardState before;
  before.number = kCard;
  REQUIRE(t.store->save_card(before, kAt).is_ok());
  daemon::SyncRun run(*t.store, t.options());
  REQUIRE(run.next());
  run.take(answer(
      200, {{"changes",
             {{{"seq", 7}, {"type", "card"}, {"number", kCard}, {"state", office_card("r-x:1")}},
              {{"seq", 8}, {"type", "settings"}, {"settings", {{"point_value", -5}}}}}},
            {"next", 8},
            {"more", false}}));
  apply_all(run);
  CHECK(run.summary().result == "failed");
  CHECK(run.summary().error.find("point_value") != std::string::npos);
  CHECK(t.store->chain_settings()->is_null());
  CHECK(*t.store->meta("sync_cursor") == "");
  CHECK(t.balance() == 0);
}
