// Tests of common/secrets: the shapes of issued secrets, SHA-256 against known digests,
// and comparison.
#include "common/secrets.h"

#include <doctest/doctest.h>

#include <string>

using namespace kopilka;

TEST_CASE("random_hex gives two lowercase hex digits a byte, different each time") {
  std::string a = common::random_hex(16);
  CHECK(a.size() == 32);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(common::random_hex(16) != a);
  CHECK(common::random_hex(0).empty());
}

TEST_CASE("an enrolment code is three groups of four, without 0, O, 1 or I") {
  std::string code = common::random_enrol_code();
  REQUIRE(code.size() == 14);
  CHECK(code[4] == '-');
  CHECK(code[9] == '-');
  std::string symbols = code.substr(0, 4) + code.substr(5, 4) + code.substr(10, 4);
  CHECK(symbols.find_first_not_of("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") == std::string::npos);
  CHECK(common::random_enrol_code() != code);
}

TEST_CASE("an enrolment code typed any way reads as the code it is") {
  // Read aloud over the phone and typed in lower case, or without its dashes, a good code
  // was "unknown, used or expired".
  using kopilka::common::canonical_enrol_code;
  CHECK(canonical_enrol_code("K7QX-3MPA-9TZD") == "K7QX-3MPA-9TZD");
  CHECK(canonical_enrol_code("k7qx-3mpa-9tzd") == "K7QX-3MPA-9TZD");
  CHECK(canonical_enrol_code("k7qx3mpa9tzd") == "K7QX-3MPA-9TZD");
  CHECK(canonical_enrol_code(" K7QX 3MPA 9TZD ") == "K7QX-3MPA-9TZD");
  CHECK(canonical_enrol_code("K7-QX3-MPA9TZ-D") == "K7QX-3MPA-9TZD");
  // Not twelve symbols: left as typed, and unknown.
  CHECK(canonical_enrol_code("k7qx-3mpa") == "k7qx-3mpa");
  CHECK(canonical_enrol_code("") == "");
}

TEST_CASE("sha256_hex matches the standard's test vectors") {
  CHECK(common::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(common::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("equal_constant_time compares whole strings") {
  CHECK(common::equal_constant_time("secret-1", "secret-1"));
  CHECK(!common::equal_constant_time("secret-1", "secret-2"));
  CHECK(!common::equal_constant_time("secret", "secret-1"));
  CHECK(common::equal_constant_time("", ""));
}

TEST_CASE("hmac_sha256_hex matches RFC 4231's test vectors") {
  // Test case 2: key "Jefe".
  CHECK(common::hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 1: a 20-byte key of 0x0b.
  CHECK(common::hmac_sha256_hex(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}
