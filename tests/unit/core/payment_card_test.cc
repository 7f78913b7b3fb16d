// Tests of drivers/payment_card: one number per payment network, and the near misses
// that must stay loyalty numbers (bad Luhn, wrong length, in-store EAN-13).
#include "core/payment_card.h"

#include <doctest/doctest.h>

using kopilka::core::check_free_text;
using kopilka::core::contains_payment_card_number;
using kopilka::core::could_begin_payment_card_number;
using kopilka::core::is_payment_card_number;

TEST_CASE("each payment network's numbers are recognised") {
  CHECK(is_payment_card_number("4111111111111111"));     // Visa, 16
  CHECK(is_payment_card_number("4222222222222"));        // Visa, 13
  CHECK(is_payment_card_number("5555555555554444"));     // Mastercard 51–55
  CHECK(is_payment_card_number("2221000000000009"));     // Mastercard 2-series, low end
  CHECK(is_payment_card_number("2720000000000005"));     // Mastercard 2-series, high end
  CHECK(is_payment_card_number("2200000000000004"));     // Мир, 16
  CHECK(is_payment_card_number("2204000000000000006"));  // Мир, 19
  CHECK(is_payment_card_number("378282246310005"));      // American Express
  CHECK(is_payment_card_number("6200000000000005"));     // UnionPay
  CHECK(is_payment_card_number("3530111333300000"));     // JCB
  CHECK(is_payment_card_number("3528000000000007"));     // JCB, low end
  CHECK(is_payment_card_number("6759649826438453"));     // Maestro
  CHECK(is_payment_card_number("5018000000000009"));     // Maestro
  CHECK(is_payment_card_number("6011111111111117"));     // Discover
  CHECK(is_payment_card_number("6011000000000004"));     // Discover
  CHECK(is_payment_card_number("30569309025904"));       // Diners Club, 14
  CHECK(is_payment_card_number("36000000000008"));       // Diners Club, 14
  CHECK(is_payment_card_number("38000000000006"));       // Diners Club 38, 14
  CHECK(is_payment_card_number("39000000000005"));       // Diners Club 39, 14
}

TEST_CASE("near misses are not payment cards") {
  CHECK_FALSE(is_payment_card_number("4111111111111112"));      // bad Luhn
  CHECK_FALSE(is_payment_card_number("5555555555554443"));      // bad Luhn
  CHECK_FALSE(is_payment_card_number("400000000002"));          // 12 digits
  CHECK_FALSE(is_payment_card_number("41111111111111111110"));  // 20 digits, Luhn ok
  CHECK_FALSE(is_payment_card_number("2000000000015"));         // in-store EAN-13
  CHECK_FALSE(is_payment_card_number("2200000000004"));         // Мир prefix, but 13 digits
  CHECK_FALSE(is_payment_card_number("2721000000000004"));      // just past Mastercard's 2720
  CHECK_FALSE(is_payment_card_number("9111111111111111"));      // no network starts with 9
  CHECK_FALSE(is_payment_card_number("411111111111111x"));      // not all digits
  CHECK_FALSE(is_payment_card_number(""));
}

TEST_CASE("a card number is found inside other bytes as a run of digits, padded or printed") {
  CHECK(contains_payment_card_number("B4111111111111111^DOE/JOHN^2512"));
  CHECK(contains_payment_card_number("https://pay.example/4111111111111111"));
  CHECK_FALSE(contains_payment_card_number("041111111111111111"));  // 17 digits after the 0
  // Zero-padded to a reader's fixed width, and printed in groups (once published whole).
  CHECK(contains_payment_card_number("004777777777777778"));
  CHECK(contains_payment_card_number("4777 7777 7777 7778"));
  CHECK(contains_payment_card_number("card: 4777-7777-7777-7778;"));
  CHECK(contains_payment_card_number("2 4777.7777.7777.7778"));       // a group before it
  CHECK_FALSE(contains_payment_card_number("4777  7777 7777 7778"));  // two spaces: apart
  CHECK_FALSE(contains_payment_card_number("12477777777777777834"));  // inside a longer run
  CHECK_FALSE(contains_payment_card_number("2000 0000 0001 5"));      // a printed EAN-13
  CHECK_FALSE(contains_payment_card_number("2000000000015"));
  CHECK_FALSE(contains_payment_card_number("ABC-123"));
}

TEST_CASE("groups count as one number only as cards print them, not as ids are built") {
  CHECK(contains_payment_card_number("3782 822463 10005"));        // American Express, 4-6-5
  CHECK(contains_payment_card_number("3056 930902 5904"));         // Diners Club, 4-6-4
  CHECK(contains_payment_card_number("4111 1111 1111 1111"));      // 4-4-4-4
  CHECK(contains_payment_card_number("6011 0000 0000 0000 126"));  // 19 digits, 4-4-4-4-3
  // A till, a date and a counter: 15 digits starting with 4 that pass Luhn, refused as a
  // bank card's number one id in ten.
  CHECK_FALSE(contains_payment_card_number("4-20261205-000003"));
  CHECK_FALSE(contains_payment_card_number("RF-S4242-12-32-176055"));
  CHECK_FALSE(contains_payment_card_number("4111-11-11-11111111"));  // no card prints so
}

TEST_CASE("what could be the first part of a payment card number") {
  // A network's first digits, fewer than it issues: more may follow.
  CHECK(could_begin_payment_card_number("411111111111"));  // Visa
  CHECK(could_begin_payment_card_number("4"));
  CHECK(could_begin_payment_card_number("4600000158389"));  // 13 of Visa's up to 19
  CHECK(could_begin_payment_card_number("22"));             // Мир or Mastercard 2-series
  CHECK(could_begin_payment_card_number("2200123"));        // Мир
  CHECK(could_begin_payment_card_number("5555 5555 "));     // printed in groups
  CHECK(could_begin_payment_card_number("0000"));           // a reader's zero padding
  CHECK(could_begin_payment_card_number("]E04111"));        // after an AIM id
  // Not a network's start, or already as long as it issues, or no digits last.
  CHECK_FALSE(could_begin_payment_card_number("2000000000015"));  // in-store EAN-13
  CHECK_FALSE(could_begin_payment_card_number("20"));
  CHECK_FALSE(could_begin_payment_card_number("7000123"));
  CHECK_FALSE(could_begin_payment_card_number("5555555555554444"));     // Mastercard is 16
  CHECK_FALSE(could_begin_payment_card_number("4111111111111111111"));  // 19 digits
  CHECK_FALSE(could_begin_payment_card_number("4111#"));
  CHECK_FALSE(could_begin_payment_card_number(""));
  CHECK_FALSE(could_begin_payment_card_number("4111  "));  // two spaces do not join groups
}

TEST_CASE("a person's free text holding a bank card's data is refused, naming the field") {
  CHECK(static_cast<bool>(check_free_text("извинение за ошибку кассира", "reason")));
  CHECK(static_cast<bool>(check_free_text("Анна Ёлкина", "customer.name")));
  CHECK(static_cast<bool>(check_free_text("карта 2000 0000 0001 5", "reason")));  // an EAN-13
  for (const char* text : {"оплачено картой 4111 1111 1111 1111", "4111111111111111@example.ru",
                           "%B1234^IVANOV/IVAN^", ";4111111111111111=2512?"}) {
    CAPTURE(text);
    auto s = check_free_text(text, "reason");
    CHECK_FALSE(static_cast<bool>(s));
    CHECK(s.field() == "reason");
    CHECK(s.message().find("4111") == std::string::npos);
  }
}
