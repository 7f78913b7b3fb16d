// Tests of core/json_fields: typed members, and errors that name the member.
#include "core/json_fields.h"

#include <doctest/doctest.h>

using namespace kopilka::core;

TEST_CASE("typed members and their errors") {
  Json j = Json::parse(R"({"s":"x","n":42,"f":2.5,"d":"2026-11-20","b":true,"z":null,
                            "a":["p","q"],"bad":["p",3],"m":{"k":"2026-01-02"}})");
  CHECK(*string_value(j["s"], "s") == "x");
  CHECK(string_value(j["n"], "lines[0].sku").status().field() == "lines[0].sku");
  CHECK(string_value(j["n"]).status().message() == "must be a string");
  CHECK(*string_field(j, "s") == "x");
  CHECK(string_field(j, "n").status().message() == "must be a string");
  CHECK(string_field(j, "nope").status().field() == "nope");
  CHECK(*integer_field(j, "n") == 42);
  CHECK(integer_field(j, "nope").status().message() == "is missing");
  CHECK(integer_field(j, "s").status().field() == "s");
  CHECK(*date_field(j, "d") == *parse_date("2026-11-20"));
  CHECK(date_field(j, "s").status().field() == "s");
  CHECK_FALSE(optional_date_field(j, "z")->has_value());
  CHECK_FALSE(optional_date_field(j, "nope")->has_value());
  CHECK(**optional_date_field(j, "d") == *parse_date("2026-11-20"));
  CHECK(optional_date_field(j, "n").status().field() == "n");
  CHECK(*bool_field(j, "b"));
  CHECK(bool_field(j, "s").status().message() == "must be true or false");

  std::vector<std::string> out;
  CHECK(array_field(j, "a", out, string_item).is_ok());
  CHECK(out == std::vector<std::string>{"p", "q"});
  out.clear();
  CHECK(array_field(j, "bad", out, string_item).field() == "bad[1]");
  CHECK(array_field(j, "nope", out, string_item).field() == "nope");
  CHECK(array_field(j, "nope", out, string_item, /*optional=*/true).is_ok());
  std::map<std::string, Day> days;
  CHECK(map_field(j, "m", days, date_item).is_ok());
  CHECK(days.at("k") == *parse_date("2026-01-02"));
  CHECK(map_field(j, "a", days, date_item).field() == "a");
}
