// Tests of office/pg_conn's pure part: the array literal a group's values travel in.
#include "office/pg_conn.h"

#include <doctest/doctest.h>

using kopilka::office::pg_text_array;

TEST_CASE("a text array literal quotes every value and escapes quotes and backslashes") {
  CHECK(pg_text_array({}) == "{}");
  CHECK(pg_text_array({"r-1:1", std::nullopt, ""}) == R"({"r-1:1",NULL,""})");
  // An id a register made up must not end its element early or add one: {"a","b"} as one.
  CHECK(pg_text_array({R"(a","b)", R"(c\)", "NULL"}) == R"({"a\",\"b","c\\","NULL"})");
}

TEST_CASE("a text array literal escapes runs of quotes and backslashes at either end") {
  CHECK(pg_text_array({R"("\"\)"}) == R"({"\"\\\"\\"})");
  CHECK(pg_text_array({R"({"lots":[{"id":"r-1:2/0"}]})", std::nullopt}) ==
        R"({"{\"lots\":[{\"id\":\"r-1:2/0\"}]}",NULL})");
}
