// Tests of daemon/auth: which token is which, and everything else is nobody.
#include "daemon/auth.h"

#include <doctest/doctest.h>

using namespace kopilka;
using daemon::Role;

TEST_CASE("bearer tokens map to roles; anything else is nobody") {
  daemon::DaemonConfig c;
  c.pos_token = "pos-token-0123456789";
  c.admin_token = "admin-token-0123456789";
  CHECK(daemon::role_of(c, "Bearer pos-token-0123456789") == Role::kPos);
  CHECK(daemon::role_of(c, "Bearer admin-token-0123456789") == Role::kAdmin);
  CHECK(daemon::role_of(c, "") == Role::kNone);
  CHECK(daemon::role_of(c, "Bearer ") == Role::kNone);
  // The scheme is case-insensitive (RFC 7235); the token is compared exactly.
  CHECK(daemon::role_of(c, "bearer pos-token-0123456789") == Role::kPos);
  CHECK(daemon::role_of(c, "Basic pos-token-0123456789") == Role::kNone);
  CHECK(daemon::role_of(c, "Bearer pos-token-012345678") == Role::kNone);
  CHECK(daemon::role_of(c, "Bearer pos-token-01234567890") == Role::kNone);
  CHECK(daemon::role_of(c, "Bearer  pos-token-0123456789") == Role::kNone);
}
