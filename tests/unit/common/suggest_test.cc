// Tests of common/suggest: edit distance and which typos get a "did you mean".
#include "common/suggest.h"

#include <doctest/doctest.h>

using kopilka::common::edit_distance;
using kopilka::common::nearest_word;

TEST_CASE("edit distance counts inserts, deletes, substitutions and swaps") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("show", "show") == 0);
  CHECK(edit_distance("shw", "show") == 1);
  CHECK(edit_distance("shwo", "show") == 1);  // a swap
  CHECK(edit_distance("point_valeu", "point_value") == 1);
  CHECK(edit_distance("baud", "bawd") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("the nearest word when it is close enough to be a typo") {
  std::vector<std::string> card = {"show", "set", "import", "export"};
  CHECK(nearest_word("shw", card) == "show");
  CHECK(nearest_word("imprt", card) == "import");
  CHECK(nearest_word("delete", card).empty());
  CHECK(nearest_word("x", card).empty());
  std::vector<std::string> keys = {"listen", "data_dir", "point_value", "pos_token"};
  CHECK(nearest_word("point_valu", keys) == "point_value");
  CHECK(nearest_word("datadir", keys) == "data_dir");
  CHECK(nearest_word("colour", keys).empty());
}
