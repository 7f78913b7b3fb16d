// The chain settings' merge and checks (office/chain_settings.h): PUT /v1/admin/settings
// merges the keys given, checks each as the register's config file does, names an unknown
// key, and the support role's limit on one points adjustment.
#include <doctest/doctest.h>

#include "office/chain_settings.h"

using namespace kopilka;
using office::ChainSettings;

namespace {

core::Json json(const char* text) {
  return *core::parse_json_exact(text);
}

ChainSettings base() {
  ChainSettings s;
  s.rules.point_value = 100;
  s.rules.expiry_warning_days = 7;
  s.rules.no_loyalty_categories = {"tobacco"};
  s.timezone = "Europe/Moscow";
  return s;
}

}  // namespace

TEST_CASE("a PUT merges the keys given and keeps the others") {
  auto merged = office::merge_settings(base(), json(R"({"point_value": 250})"));
  REQUIRE(merged.ok());
  CHECK(merged->rules.point_value == 250);
  CHECK(merged->rules.expiry_warning_days == 7);
  CHECK(merged->rules.no_loyalty_categories == std::vector<std::string>{"tobacco"});
  CHECK(merged->max_adjust_points == 5000);
  CHECK(merged->saved);

  auto more = office::merge_settings(
      *merged,
      json(R"({"no_loyalty_categories": ["alcohol", "tobacco"], "max_adjust_points": 0})"));
  REQUIRE(more.ok());
  CHECK(more->rules.point_value == 250);
  CHECK(more->rules.no_loyalty_categories == std::vector<std::string>{"alcohol", "tobacco"});
  CHECK(more->max_adjust_points == 0);
  CHECK(office::settings_json(*more) ==
        json(R"({"point_value": 250, "no_loyalty_categories": ["alcohol", "tobacco"],
                 "expiry_warning_days": 7, "max_adjust_points": 0, "timezone": "Europe/Moscow",
                 "wallet_offline_hours": 24, "wallet_offline_limit": 300000, "saved": true})"));
}

TEST_CASE("each value is checked as the register's config file checks it") {
  struct Bad {
    const char* body;
    const char* field;
    const char* message;
  };
  for (const Bad& b : std::vector<Bad>{
           {R"({"point_value": 0})", "point_value",
            "must be a whole number from 1 to 1000000 kopecks"},
           {R"({"point_value": "100"})", "point_value",
            "must be a whole number, not a string (write it without quotes)"},
           {R"({"point_value": 1.5})", "point_value",
            "must be a whole number from 1 to 1000000 kopecks"},
           {R"({"expiry_warning_days": 367})", "expiry_warning_days",
            "must be a whole number from 0 to 366 days"},
           {R"({"no_loyalty_categories": "tobacco"})", "no_loyalty_categories",
            "must be an array of strings"},
           {R"({"no_loyalty_categories": ["a", 5]})", "no_loyalty_categories[1]",
            "must be a string"},
           {R"({"max_adjust_points": -1})", "max_adjust_points",
            "must be a whole number from 0 to 1000000000 points"},
       }) {
    CAPTURE(b.body);
    auto r = office::merge_settings(base(), json(b.body));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == core::Code::kInvalid);
    CHECK(r.status().field() == b.field);
    CHECK(r.status().message() == b.message);
  }
}

TEST_CASE("an unknown key is refused by name and nothing of the PUT is taken") {
  auto r = office::merge_settings(base(), json(R"({"point_value": 300, "point_valeu": 1})"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().field() == "point_valeu");
  auto tz = office::merge_settings(base(), json(R"({"timezone": "Europe/Samara"})"));
  REQUIRE_FALSE(tz.ok());
  CHECK(tz.status().field() == "timezone");
  CHECK_FALSE(office::merge_settings(base(), json("[1]")).ok());
}

TEST_CASE("the stored document reads back as saved; a damaged one is corrupt") {
  auto merged = office::merge_settings(base(), json(R"({"point_value": 50})"));
  REQUIRE(merged.ok());
  std::string doc = office::settings_document(*merged);
  CHECK(json(doc.c_str()) == json(R"({"point_value": 50, "no_loyalty_categories": ["tobacco"],
                                      "expiry_warning_days": 7, "max_adjust_points": 5000,
                                      "wallet_offline_hours": 24, "wallet_offline_limit": 300000})"));
  auto back = office::with_document(base(), doc);
  REQUIRE(back.ok());
  CHECK(back->rules.point_value == 50);
  CHECK(back->saved);
  CHECK(office::with_document(base(), "{\"point_value\": 0}").status().code() ==
        core::Code::kCorrupt);
  CHECK(office::with_document(base(), "{not json").status().code() == core::Code::kCorrupt);
}

TEST_CASE("support adjusts at most max_adjust_points at once, and says why") {
  using office::check_adjust_limit;
  CHECK_FALSE(check_adjust_limit(office::kSupport, 5000, "complaint", 5000).has_value());
  CHECK_FALSE(check_adjust_limit(office::kSupport, -5000, "complaint", 5000).has_value());
  auto over = check_adjust_limit(office::kSupport, 5001, "complaint", 5000);
  REQUIRE(over.has_value());
  CHECK(over->status == 403);
  CHECK(over->body["error"]["code"] == "adjust_limit");
  CHECK(over->body["error"]["field"] == "points");
  auto under = check_adjust_limit(office::kSupport, -5001, "complaint", 5000);
  REQUIRE(under.has_value());
  CHECK(under->status == 403);
  auto no_reason = check_adjust_limit(office::kSupport, 10, " ", 5000);
  REQUIRE(no_reason.has_value());
  CHECK(no_reason->status == 400);
  CHECK(no_reason->body["error"]["field"] == "reason");
  // The owner is not limited, and need not give a reason.
  CHECK_FALSE(check_adjust_limit(office::kOwner, 1'000'000, "", 5000).has_value());
  // A limit of 0: support cannot adjust at all.
  CHECK(check_adjust_limit(office::kSupport, 1, "x", 0).has_value());
}
