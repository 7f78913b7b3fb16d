// What a till types or a price list writes in another case, or with a space around it: a
// line's category matched against no_loyalty_categories and a program's scope, a coupon code
// as it is scanned. «Tobacco» from a price list was discounted past
// no_loyalty_categories = ["tobacco"], which the law forbids.
#include "core/engine.h"
#include "core/name_search.h"

#include "engine_test_util.h"

using namespace kopilka::test;

TEST_CASE("categories match regardless of case, in Latin and Cyrillic alike") {
  auto all = programs({R"({"id": "all10", "name": "10%", "kind": "discount", "percent": 10,
                           "audience": {"anyone": true}})"});
  Settings s = moscow();
  s.no_loyalty_categories = {"tobacco", "табак"};
  auto r = receipt("2026-11-24T12:00:00+03:00",
                   {line(1, "T1", "tobacco", 1000, 10000), line(2, "T2", "Tobacco", 1000, 10000),
                    line(3, "T3", "TOBACCO", 1000, 10000), line(4, "T4", "ТАБАК", 1000, 10000),
                    line(5, "F1", "food", 1000, 10000)});
  Json a = answer(calculate(r, nullptr, all, {}, s));
  for (int i : {0, 1, 2, 3}) {
    CAPTURE(i);
    CHECK(a["lines"][i]["discount"] == 0);
  }
  CHECK(a["discount"] == 1000);
  // A program's scope, and what it leaves out, the same way.
  auto scoped = programs({R"({"id": "cosm", "name": "Косметика", "kind": "discount",
                              "percent": 20, "audience": {"anyone": true},
                              "scope": {"categories": ["косметика", "уход"],
                                        "exclude_categories": ["Уход"]}})"});
  r = receipt("2026-11-24T12:00:00+03:00",
              {line(1, "C1", "Косметика", 1000, 10000), line(2, "C2", "УХОД", 1000, 10000),
               line(3, "F1", "food", 1000, 10000)});
  a = answer(calculate(r, nullptr, scoped, {}, s));
  CHECK(a["lines"][0]["discount"] == 2000);
  CHECK(a["lines"][1]["discount"] == 0);
  CHECK(a["lines"][2]["discount"] == 0);
}

TEST_CASE("a coupon code scanned with spaces around it is the code") {
  auto set = programs({R"({"id": "tree", "name": "Ёлка", "kind": "coupon", "codes": ["ЁЛКА"],
                           "percent": 10, "audience": {"anyone": true}})"});
  auto r = receipt("2026-12-10T12:00:00+03:00", {line(1, "A", "x", 1000, 100000)});
  r.coupons = {" ёлка\t"};
  const Json a = answer(calculate(r, nullptr, set, {}, moscow()));
  CHECK(a["coupons"][0]["status"] == "applied");
  CHECK(a["discount"] == 10000);
}

TEST_CASE("same_folded is fold_name's equality, without a copy") {
  CHECK(same_folded("Ёлка", "елка"));
  CHECK(same_folded("TOBACCO", "tobacco"));
  CHECK(same_folded("", ""));
  CHECK_FALSE(same_folded("tobacco", "tobacc"));
  CHECK_FALSE(same_folded("табак", "табака"));
  CHECK_FALSE(same_folded("\xD0", "\xD0\x90"));  // a cut sequence is not the letter
  CHECK(fold_name("\xD0") == "\xD0");
  CHECK(fold_name("Ёлка \xE2\x82\xBD") == "елка \xE2\x82\xBD");  // ₽ kept whole
}
