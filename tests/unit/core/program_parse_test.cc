// Tests of program validation: every seed example parses; bad documents name the field.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/program.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {}  // namespace

TEST_CASE("a new program needs a name the cashier and the customer can read") {
  CHECK(validate_program(doc(R"({"id": "x", "name": "", "kind": "discount", "percent": 5})"))
            .field() == "name");
  CHECK(validate_program(doc(R"({"id": "x", "name": "  ", "kind": "discount", "percent": 5})"))
            .field() == "name");
  CHECK(validate_program(doc(R"({"id": "x", "name": "5 %", "kind": "discount", "percent": 5})"))
            .is_ok());
}

TEST_CASE("every program of the seed examples is valid") {
  auto dir = std::filesystem::path(KOPILKA_SOURCE_DIR) / "daemon" / "demo";
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    Status s = validate_program(doc(ss.str()));
    std::string why = entry.path().filename().string() + ": " + s.field() + " " + s.message();
    CHECK_MESSAGE(s.is_ok(), why);
    ++n;
  }
  CHECK(n >= 8);
}

TEST_CASE("invalid documents name the bad field") {
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "cashback", "percent": 5})") == "kind");
  CHECK(error_field(R"({"id": "X!", "name": "n", "kind": "discount", "percent": 5})") == "id");
  CHECK(error_field(
            R"({"id": "x", "name": "n", "kind": "discount", "percent": 5, "colour": "red"})") ==
        "colour");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 12.345})") ==
        "percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 0})") == "percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 101})") ==
        "percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bonus",
      "levels": [{"from_spent": 100, "percent": 5}, {"from_spent": 50, "percent": 7}]})") ==
        "levels[1].from_spent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bonus",
      "levels": [{"from_spent": 100, "percent": 5}, {"from_spent": 500, "percent": "7"}]})") ==
        "levels[1].percent");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 5,
      "schedule": {"hours": "10-12"}})") == "schedule.hours");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 5,
      "schedule": {"days": ["mon", "funday"]}})") == "schedule.days[1]");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "bonus", "percent": 5,
      "points": {"lifetime_days": -1}})") == "points.lifetime_days");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 5,
      "points": {"lifetime_days": 5}})") == "points");
  CHECK(
      error_field(
          R"({"id": "x", "name": "n", "kind": "visits", "count": 3, "reward": {"percent": 5}})") ==
      "within_days");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "coupon", "codes": [], "percent": 5})") ==
        "codes");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 5,
      "valid": {"from": "2026-12-01", "to": "2026-11-01"}})") == "valid.to");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 5,
      "valid": {"from": "2026-11-24T18:00:00+03:00", "to": "2026-11-24T12:00:00+03:00"}})") ==
        "valid.to");
  CHECK(error_field(R"({"id": "x", "name": "n", "kind": "discount", "percent": 5,
      "valid": {"from": "2026-11-24 12:00"}})") == "valid.from");
  CHECK(error_field(R"({"name": "n", "kind": "discount", "percent": 5})") == "id");
  Status s =
      validate_program(doc(R"({"id": "x", "name": "n", "kind": "discount", "percent": 12.345})"));
  CHECK(s.message() == "a percent may have at most two decimals (12.5)");
}

TEST_CASE("defaults and exact percents") {
  auto p = parse_program(doc(R"({"id": "x", "name": "n", "kind": "bonus", "percent": 12.5})"));
  REQUIRE(p.ok());
  CHECK(p->percent == 1250);
  CHECK(p->priority == 100);
  CHECK_FALSE(p->stack);
  CHECK(p->enabled);
  CHECK(p->max_redeem == 10000);
  CHECK_FALSE(p->lifetime_days.has_value());
}

TEST_CASE("common fields, the points block and each kind: the first bad field and why") {
  auto error = [](const std::string& rest) {
    Status s = validate_program(doc(R"({"id": "x", "name": "n", )" + rest + "}"));
    return s.field() + ": " + s.message();
  };
  const std::string d5 = R"("kind": "discount", "percent": 5, )";
  CHECK(error(d5 + R"("enabled": 1)") == "enabled: must be true or false");
  CHECK(error(d5 + R"("priority": 2000000)") == "priority: must be from -1000000 to 1000000");
  CHECK(error(d5 + R"("valid": [])") == "valid: must be an object");
  CHECK(error(d5 + R"("valid": {"from": "2026-13-01"})").rfind("valid.from: ", 0) == 0);
  CHECK(error(d5 + R"("valid": {"from": "2026-02-01", "to": "2026-01-01"})") ==
        "valid.to: ends before it starts");
  CHECK(error(d5 + R"("valid": {"since": "2026-02-01"})") ==
        "valid.since: is not a field of this program kind");
  CHECK(error(d5 + R"("audience": {"anyone": true, "groups": ["vip"]})") ==
        "audience.groups: cannot limit groups when anyone is true");
  CHECK(error(d5 + R"("audience": {"exclude_groups": [""]})") ==
        "audience.exclude_groups[0]: must be a non-empty string of at most 256 characters");
  // Limits count characters (pos-api.md), not bytes: 256 Cyrillic letters are 512 bytes.
  std::string ya256;
  for (int i = 0; i < 256; ++i) ya256 += "я";
  CHECK(validate_program(doc(R"({"id": "x", "name": ")" + ya256 + R"(", )" + d5 +
                             R"("audience": {"groups": [")" + ya256 + R"("]}})")));
  CHECK(error(d5 + R"("scope": {"categories": [")" + ya256 + R"(я"]})") ==
        "scope.categories[0]: must be a non-empty string of at most 256 characters");
  CHECK(validate_program(
            doc(R"({"id": "x", "name": ")" + ya256 + R"(я", )" + d5 + R"("enabled": true})"))
            .field() == "name");
  CHECK(error(d5 + R"("scope": {"skus": "A-17"})") == "scope.skus: must be an array of strings");
  CHECK(error(d5 + R"("schedule": {"days": ["mon", "xyz"]})") ==
        "schedule.days[1]: must be one of mon, tue, wed, thu, fri, sat, sun");
  const std::string b5 = R"("kind": "bonus", "percent": 5, )";
  CHECK(error(b5 + R"("points": {"lifetime_days": 3, "delay_days": 5})") ==
        "points.lifetime_days: must not be shorter than delay_days");
  CHECK(error(b5 + R"("points": {"delay_days": -1})") ==
        "points.delay_days: must be from 0 to 36600");
  CHECK(error(b5 + R"("points": {"max_redeem_percent": 0})") ==
        "points.max_redeem_percent: must be more than 0 and at most 100");
  CHECK(error(b5 + R"("first_purchase_only": "yes")") ==
        "first_purchase_only: must be true or false");
  CHECK(error(R"("kind": "birthday", "days_before": 3)") == "grant: is required for this kind");
  CHECK(error(R"("kind": "birthday", "grant": 10, "days_before": 400)") ==
        "days_before: must be from 0 to 366");
  CHECK(error(R"("kind": "visits", "count": 3, "reward": {"percent": 5})") ==
        "within_days: is required for this kind");
  CHECK(error(R"("kind": "visits", "count": 0, "within_days": 0, "reward": {"percent": 5})") ==
        "count: must be from 1 to 10000");
  CHECK(error(R"("kind": "visits", "every": 3, "reward": 5)") == "reward: must be an object");
  CHECK(error(R"("kind": "visits", "every": 3, "reward": {})") == "reward.percent: is required");
  CHECK(error(R"("kind": "coupon", "codes": ["A"], "percent": 5, "uses_total": 0)") ==
        "uses_total: must be from 1 to 1000000000");
  CHECK(error(R"("kind": "threshold", "min_total": 100)") == "percent: is required for this kind");
  CHECK(error(R"("kind": "next_purchase", "min_total": 1, "valid_days": 0, "reward": {})") ==
        "valid_days: must be from 1 to 36600");
  CHECK(error(R"("kind": "next_purchase", "min_total": 1, "valid_days": 3)") ==
        "reward: is required");
}
