// Tests of program validation: every seed example parses; bad documents name the field.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/program.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {
std::string error_field(const std::string& text) {
  Status s = validate_program(doc(text));
  CHECK_FALSE(s.is_ok());
  return s.field();
}
}  // namespace

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
