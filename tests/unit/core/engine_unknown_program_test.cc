// Points of a program the register no longer knows (deleted at head office, or the
// register's own program that head office's replaced at enrolment): capped by the strictest
// point program there is. Once they had no cap at all, so deleting a program of 10 % let
// its points pay a whole receipt.
#include "core/engine.h"

#include "engine_test_util.h"

using namespace kopilka::test;

TEST_CASE("points of a program no longer known are capped like the strictest program") {
  const char* cashback15 = R"({"id": "cashback", "name": "Кешбэк", "kind": "bonus",
                               "percent": 10, "points": {"max_redeem_percent": 15}})";
  const char* gifts40 = R"({"id": "gifts", "name": "Подарки", "kind": "bonus", "percent": 1,
                            "points": {"max_redeem_percent": 40}})";
  CardState c = card();
  c.lots = {lot("r:1/0", "gone", 500), lot("r:2/0", "", 100)};
  auto r = receipt("2026-11-24T12:00:00+03:00", {line(1, "A", "cosmetics", 1000, 100000)});
  r.redeem = {RedeemRequest::Kind::kMax, 0};
  // 15 % of 1 000 ₽ is 150 points of the program gone; points added by hand have no cap.
  auto out = calculate(r, &c, programs({cashback15, gifts40}), {}, moscow());
  CHECK(answer(out)["points_redeem_max"] == 250);
  CHECK(answer(out)["points_redeemed"] == 250);
  // With no point program at all, nothing is stricter than programs.md's default of 100 %.
  out = calculate(r, &c, programs({}), {}, moscow());
  CHECK(answer(out)["points_redeem_max"] == 600);
}
