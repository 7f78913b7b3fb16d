// Tests of core/json_text: strings and integers written as nlohmann's dump writes them, and
// a request's plain copy written without the tree json_plain builds, byte for byte its dump
// (a confirm's idempotency hash is taken over this text, so it must never change).
#include "core/json_text.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/json_exact.h"

using namespace kopilka::core;

namespace {

std::string plain(std::string_view text) {
  std::string out;
  append_plain_json(out, parse_json_exact(text).value());
  return out;
}

std::string tree(std::string_view text) {
  return json_plain(parse_json_exact(text).value()).dump();
}

}  // namespace

TEST_CASE("strings and integers are written as the dump writes them") {
  for (std::string s : {"", "plain", "Товар 12", "quote \" in", "back\\slash", "tab\t", "\x01\x1f",
                        "del \x7f", "emoji 😀"}) {
    std::string out;
    append_json_string(out, s);
    CHECK(out == Json(s).dump());
  }
  std::string cut;
  append_json_string(cut, "cut \xd0");
  CHECK(cut == "\"cut \xef\xbf\xbd\"");
  for (std::int64_t v :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{45000}, INT64_MAX, INT64_MIN}) {
    std::string out;
    append_json_int(out, v);
    CHECK(out == Json(v).dump());
  }
}

TEST_CASE("any bytes are written as the dump writes them: UTF-8 as it is, the rest replaced") {
  // Pieces of well-formed UTF-8 at every edge of RFC 3629, and of ill-formed: overlong
  // forms, surrogates, beyond U+10FFFF, cut sequences, stray continuation bytes.
  const std::vector<std::string> pieces = {"a",
                                           "\"",
                                           "\\",
                                           "\x01",
                                           "\x1f",
                                           " ",
                                           "\x7f",
                                           "\xc2\x80",
                                           "\xdf\xbf",
                                           "\xd0\x9a",
                                           "\xe0\xa0\x80",
                                           "\xe1\x80\x80",
                                           "\xec\xbf\xbf",
                                           "\xed\x80\x80",
                                           "\xed\x9f\xbf",
                                           "\xee\x80\x80",
                                           "\xef\xbf\xbf",
                                           "\xf0\x90\x80\x80",
                                           "\xf3\xbf\xbf\xbf",
                                           "\xf4\x8f\xbf\xbf",
                                           "\xc0\xaf",
                                           "\xc1\xbf",
                                           "\xe0\x80\xaf",
                                           "\xed\xa0\x80",
                                           "\xf0\x80\x80\x80",
                                           "\xf4\x90\x80\x80",
                                           "\xf5\x80\x80\x80",
                                           "\xff",
                                           "\x80",
                                           "\xbf",
                                           "\xd0",
                                           "\xe2\x82",
                                           "\xf0\x9f\x98"};
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    std::string out;
    append_json_string(out, s);
    CAPTURE(s);
    REQUIRE(out == Json(s).dump(-1, ' ', false, Json::error_handler_t::replace));
  }
}

TEST_CASE("a request's plain text is the dump of json_plain") {
  for (const char* text :
       {R"({"receipt_id":"R-1","card":"2000000000015","lines":[{"line":1,"qty":2.300,)"
        R"("price":45000,"name":"Товар \"5\""}],"redeem_points":"max"})",
        R"({"b":[],"a":{},"c":[1,-2,1e5,0.10,18446744073709551615,18446744073709551616],)"
        R"("d":null,"e":true,"f":false,"g":"\u0001","h":-9223372036854775808})",
        "[]", "{}", "12.50", R"("x")", R"([[[]],{"z":{"y":[0.001]}}])"}) {
    CAPTURE(text);
    CHECK(plain(text) == tree(text));
  }
  CHECK(plain(R"({"qty":2.300,"b":1})") == R"({"b":1,"qty":2.3})");
}
