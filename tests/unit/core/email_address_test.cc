// Tests of core/email_address: one plain address, nothing a header could read as several.
#include "core/email_address.h"

#include <doctest/doctest.h>

using kopilka::core::valid_email;

TEST_CASE("one plain address is an e-mail address; lists, names and blanks are not") {
  CHECK(valid_email("anna@example.ru"));
  CHECK(valid_email("anna.petrova+shop@mail.example.ru"));
  CHECK(!valid_email("не адрес"));
  CHECK(!valid_email("a@b.ru, c@d.ru"));
  CHECK(!valid_email("a@b.ru,c@d.ru"));
  CHECK(!valid_email("a@b.example>, <c@d.example"));
  CHECK(!valid_email("Маша <masha@shop.ru>"));
  CHECK(!valid_email("@example.ru"));
  CHECK(!valid_email("anna@"));
  CHECK(!valid_email("a@b@c"));
  CHECK(!valid_email("anna@exam\nple.ru"));
  // A domain without its dot (a typo) is no address mail reaches.
  CHECK(!valid_email("maria@mail"));
  CHECK(!valid_email("maria@.ru"));
  CHECK(!valid_email("maria@mail."));
  CHECK(!valid_email("maria@mail..ru"));
  CHECK(valid_email("maria@mail.ru"));
}
