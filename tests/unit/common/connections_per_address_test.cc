// The per-address connection count: an address is refused at its limit and admitted again
// once one of its connections closes; other addresses, exempt ones and no limit at all are
// not held by it.
#include "common/connections_per_address.h"

#include <doctest/doctest.h>

namespace kopilka::common {

TEST_CASE("an address is refused at its limit and admitted again when one closes") {
  ConnectionsPerAddress count(2, nullptr);
  CHECK(count.admit("192.0.2.7"));
  CHECK(count.admit("192.0.2.7"));
  CHECK_FALSE(count.admit("192.0.2.7"));  // a refusal counts nothing
  CHECK(count.held("192.0.2.7") == 2);
  CHECK(count.admit("192.0.2.8"));  // another address has its own share
  count.closed("192.0.2.7");
  CHECK(count.admit("192.0.2.7"));
  CHECK_FALSE(count.admit("192.0.2.7"));
  count.closed("192.0.2.7");
  count.closed("192.0.2.7");
  CHECK(count.held("192.0.2.7") == 0);
  count.closed("192.0.2.7");  // more closes than admits (never expected) count nothing
  CHECK(count.held("192.0.2.7") == 0);
}

TEST_CASE("exempt addresses and a limit of 0 are not held") {
  ConnectionsPerAddress proxied(1, [](const std::string& a) { return a == "10.0.0.1"; });
  for (int i = 0; i < 100; ++i) CHECK(proxied.admit("10.0.0.1"));
  CHECK(proxied.held("10.0.0.1") == 0);
  CHECK(proxied.admit("10.0.0.2"));
  CHECK_FALSE(proxied.admit("10.0.0.2"));
  ConnectionsPerAddress unlimited(0, nullptr);
  for (int i = 0; i < 100; ++i) CHECK(unlimited.admit("10.0.0.3"));
}

}  // namespace kopilka::common
