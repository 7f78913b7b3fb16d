// Tests of the limits any discount kind carries (programs.md "Additions, v2", first
// section): a coupon that takes nothing off is not used, and fixed amounts run narrowest
// first.
#include "core/engine.h"

#include "core/sale_record.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

ReceiptRequest with_coupon(std::vector<ReceiptLine> lines) {
  auto r = receipt("2027-03-10T12:00:00+03:00", std::move(lines));
  r.coupons = {"VESNA10"};
  return r;
}

const char* kCoupon10 =
    R"({"id": "spring", "name": "ВЕСНА", "kind": "coupon", "codes": ["VESNA10"], "percent": 10,
        "uses_per_card": 1, "audience": {"anyone": true}})";

}  // namespace

TEST_CASE("a coupon beaten on every line by a larger non-stacking discount is not used") {
  auto set = programs(
      {kCoupon10, R"({"id": "card20", "name": "Карта 20%", "kind": "discount", "percent": 20})"});
  CardState c = card();
  auto out = calculate(with_coupon({line(1, "A", "x", 1000, 10000), line(2, "B", "y", 1000, 5000)}),
                       &c, set, {}, moscow());
  CHECK(answer(out)["discount"] == 3000);
  CHECK(answer(out)["coupons"][0]["status"] == "not_applied");
  CHECK(answer(out)["coupons"][0]["message"] ==
        "Промокод VESNA10 не даёт скидки в этом чеке: на его товары уже действует не меньшая "
        "скидка; промокод не израсходован");
  CHECK(out.effects.coupon_programs.empty());
  CHECK(out.sale->coupon_programs.empty());
  REQUIRE(answer(out)["applied"].size() == 1);
  CHECK(answer(out)["applied"][0]["program"] == "card20");
  // The same coupon wins where it is the larger discount, and is then used.
  auto wide =
      programs({kCoupon10, R"({"id": "card5", "name": "Карта 5%", "kind": "discount", "percent": 5,
                      "scope": {"categories": ["y"]}})"});
  auto won = calculate(with_coupon({line(1, "A", "x", 1000, 10000)}), &c, wide, {}, moscow());
  CHECK(answer(won)["coupons"][0]["status"] == "applied");
  CHECK(won.effects.coupon_programs == std::vector<std::string>{"spring"});
}

TEST_CASE("a stacking coupon on lines already discounted to zero is not used") {
  auto set = programs(
      {R"({"id": "spring", "name": "ВЕСНА", "kind": "coupon", "codes": ["VESNA10"], "percent": 10,
           "stack": true, "audience": {"anyone": true}, "scope": {"skus": ["A"]}})",
       R"({"id": "gift", "name": "Подарок", "kind": "discount", "percent": 100,
           "audience": {"anyone": true}, "scope": {"skus": ["A"]}})"});
  auto r = with_coupon({line(1, "A", "x", 1000, 10000), line(2, "B", "x", 1000, 5000)});
  r.card.reset();
  auto out = calculate(r, nullptr, set, {}, moscow());
  CHECK(answer(out)["lines"][0]["discount"] == 10000);
  CHECK(answer(out)["lines"][1]["discount"] == 0);
  CHECK(answer(out)["coupons"][0]["status"] == "not_applied");
  CHECK(out.effects.coupon_programs.empty());
}

TEST_CASE("fixed amounts over overlapping lines run narrowest first, whatever their priority") {
  // A = 6 ₽, B = 4 ₽; "−10 ₽ on A" and "−5 ₽ on A, B" take 6 + 4 off. Wide first would
  // take 3 + 2, then 3 more: 8 ₽.
  auto lines = std::vector<ReceiptLine>{line(1, "A", "x", 1000, 600), line(2, "B", "x", 1000, 400)};
  for (int wide_priority : {1, 500}) {
    CAPTURE(wide_priority);
    auto set = programs(
        {R"({"id": "a10", "name": "−10 ₽ на A", "kind": "discount", "amount": 1000,
             "priority": 100, "audience": {"anyone": true}, "scope": {"skus": ["A"]}})",
         R"({"id": "ab5", "name": "−5 ₽ на A и B", "kind": "discount", "amount": 500,
             "priority": )" +
             std::to_string(wide_priority) +
             R"(, "audience": {"anyone": true}, "scope": {"skus": ["A", "B"]}})"});
    auto out =
        calculate(receipt("2026-11-24T12:00:00+03:00", lines, ""), nullptr, set, {}, moscow());
    CHECK(answer(out)["discount"] == 1000);
    CHECK(answer(out)["lines"][0]["discount"] == 600);
    CHECK(answer(out)["lines"][1]["discount"] == 400);
    CHECK(answer(out)["total"] == 0);
    REQUIRE(answer(out)["applied"].size() == 2);
    CHECK(answer(out)["applied"][0]["program"] == "a10");
    CHECK(answer(out)["applied"][0]["discount"] == 600);
    CHECK(answer(out)["applied"][1]["program"] == "ab5");
    CHECK(answer(out)["applied"][1]["discount"] == 400);
  }
}

TEST_CASE("fixed amounts over scopes of equal total: priority, then id") {
  // Both cover A and B (10 ₽ together): the lower priority number runs first and takes 7 ₽;
  // the other gets the 3 ₽ left. With equal priorities the lower id runs first.
  auto lines = std::vector<ReceiptLine>{line(1, "A", "x", 1000, 600), line(2, "B", "y", 1000, 400)};
  auto make = [](int p_first, int p_second) {
    return programs(
        {R"({"id": "m7", "name": "−7 ₽", "kind": "discount", "amount": 700, "priority": )" +
             std::to_string(p_first) + R"(, "audience": {"anyone": true}})",
         R"({"id": "k5", "name": "−5 ₽", "kind": "discount", "amount": 500, "priority": )" +
             std::to_string(p_second) + R"(, "audience": {"anyone": true}})"});
  };
  auto by_priority =
      calculate(receipt("2026-11-24T12:00:00+03:00", lines, ""), nullptr, make(1, 2), {}, moscow());
  REQUIRE(answer(by_priority)["applied"].size() == 2);
  CHECK(answer(by_priority)["applied"][0]["program"] == "m7");
  CHECK(answer(by_priority)["applied"][0]["discount"] == 700);
  CHECK(answer(by_priority)["applied"][1]["discount"] == 300);
  auto by_id =
      calculate(receipt("2026-11-24T12:00:00+03:00", lines, ""), nullptr, make(5, 5), {}, moscow());
  REQUIRE(answer(by_id)["applied"].size() == 2);
  CHECK(answer(by_id)["applied"][0]["program"] == "k5");
  CHECK(answer(by_id)["applied"][0]["discount"] == 500);
  CHECK(answer(by_id)["applied"][1]["discount"] == 500);
}
