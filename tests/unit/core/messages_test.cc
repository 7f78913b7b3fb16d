// Tests of core/messages: Russian plural forms of points and days, and money in receipt
// texts written with thousands separated, as the CLI prints sums.
#include "core/messages.h"

#include <doctest/doctest.h>

using namespace kopilka::core;

TEST_CASE("points take the Russian plural that fits the number") {
  CHECK(points_text(1, Locale::kRu) == "1 бонус");
  CHECK(points_text(2, Locale::kRu) == "2 бонуса");
  CHECK(points_text(4, Locale::kRu) == "4 бонуса");
  CHECK(points_text(5, Locale::kRu) == "5 бонусов");
  CHECK(points_text(11, Locale::kRu) == "11 бонусов");
  CHECK(points_text(12, Locale::kRu) == "12 бонусов");
  CHECK(points_text(14, Locale::kRu) == "14 бонусов");
  CHECK(points_text(21, Locale::kRu) == "21 бонус");
  CHECK(points_text(111, Locale::kRu) == "111 бонусов");
  CHECK(points_text(154, Locale::kRu) == "154 бонуса");
  CHECK(points_text(0, Locale::kRu) == "0 бонусов");
  CHECK(points_text(-3, Locale::kRu) == "-3 бонуса");
  CHECK(points_text(1, Locale::kEn) == "1 point");
  CHECK(points_text(154, Locale::kEn) == "154 points");
  CHECK(days_text(1, Locale::kRu) == "1 день");
  CHECK(days_text(3, Locale::kRu) == "3 дня");
  CHECK(days_text(25, Locale::kRu) == "25 дней");
}

TEST_CASE("receipt texts write sums with thousands separated") {
  std::string paid = "Оплачено 1 542,00 ₽. ";
  CHECK(receipt_text(154200, 0, 154, 1021, Locale::kRu) ==
        paid + "Начислено 154 бонуса. " + "Баланс 1021 бонус.");
  CHECK(receipt_text(154200, 21, 1, 2, Locale::kRu) ==
        paid + "Списано 21 бонус. " + "Начислено 1 бонус. " + "Баланс 2 бонуса.");
  CHECK(receipt_text(99900, 0, 0, 5, Locale::kRu) == std::string("Оплачено 999,00 ₽. ") +
                                                         "Начислено 0 бонусов. " +
                                                         "Баланс 5 бонусов.");
  CHECK(receipt_text(123456789, 0, 10, 10, Locale::kEn) ==
        "Paid 1 234 567,89 ₽. Earned 10 points. Balance 10 points.");
}
