// Tests of core/money: checked arithmetic and receipt formatting.
#include "core/money.h"

#include <doctest/doctest.h>

#include <limits>

using namespace kopilka::core;

TEST_CASE("checked arithmetic reports overflow instead of wrapping") {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  CHECK(checked_add(1, 2) == 3);
  CHECK_FALSE(checked_add(kMax, 1).has_value());
  CHECK_FALSE(checked_sub(std::numeric_limits<std::int64_t>::min(), 1).has_value());
  CHECK(checked_mul(3, -4) == -12);
  CHECK_FALSE(checked_mul(kMax / 2 + 1, 2).has_value());
}

TEST_CASE("mul_div rounding is exact on 128-bit intermediates") {
  CHECK(mul_div_round_half_up(12345, 2300, 1000) == 28394);  // 28393.5 rounds up
  CHECK(mul_div_round_half_up(12345, 2200, 1000) == 27159);  // 27159.0
  CHECK(mul_div_round_half_up(1, 1, 3) == 0);
  CHECK(mul_div_round_half_up(1, 2, 3) == 1);
  CHECK(mul_div_floor(220000, 1000, 10000 * 100) == 220);  // 10 % of 2200 ₽ in points
  CHECK(mul_div_floor(1'000'000'000'000, 1'000'000'000, 1000) == 1'000'000'000'000'000'000);
  CHECK_FALSE(mul_div_floor(10'000'000'000'000, 1'000'000'000, 1000).has_value());
  CHECK_FALSE(mul_div_floor(std::numeric_limits<std::int64_t>::max(), 10, 1).has_value());
  CHECK_FALSE(mul_div_round_half_up(-1, 1, 1).has_value());
}

TEST_CASE("roubles format like a Russian receipt") {
  CHECK(format_rub(220000) == "2 200,00 \u20bd");
  CHECK(format_rub(5) == "0,05 \u20bd");
  CHECK(format_rub(0) == "0,00 \u20bd");
  CHECK(format_rub(100000000) == "1 000 000,00 \u20bd");
  CHECK(format_rub(-12345) == "-123,45 \u20bd");
  CHECK(format_rub_plain(220000) == "2200,00 \u20bd");
  CHECK(format_rub(std::numeric_limits<std::int64_t>::min()) ==
        "-92 233 720 368 547 758,08 \u20bd");
}
