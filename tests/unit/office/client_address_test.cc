// The client's address behind trusted proxies (office/client_address.h).
#include "office/client_address.h"

#include <doctest/doctest.h>

using kopilka::office::client_address;
using kopilka::office::is_trusted_proxy;
using kopilka::office::parse_trusted_proxies;
using kopilka::office::ProxyRange;

namespace {

std::vector<ProxyRange> proxies(const std::vector<std::string>& entries) {
  auto p = parse_trusted_proxies(entries, "auth.trusted_proxies");
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  return *p;
}

}  // namespace

TEST_CASE("addresses and networks match by their prefix, IPv4 mapped into IPv6 as IPv4") {
  auto p = proxies({"127.0.0.1", "10.1.0.0/16", "fd00::/8"});
  CHECK(is_trusted_proxy(p, "127.0.0.1"));
  CHECK_FALSE(is_trusted_proxy(p, "127.0.0.2"));
  CHECK(is_trusted_proxy(p, "10.1.255.7"));
  CHECK_FALSE(is_trusted_proxy(p, "10.2.0.1"));
  CHECK(is_trusted_proxy(p, "::ffff:10.1.0.9"));
  CHECK(is_trusted_proxy(p, "fd12:3456::1"));
  CHECK_FALSE(is_trusted_proxy(p, "fe80::1"));
  CHECK_FALSE(is_trusted_proxy(p, "not an address"));
  CHECK(is_trusted_proxy(proxies({"0.0.0.0/0"}), "203.0.113.7"));
}

TEST_CASE("the client is the rightmost forwarded address that is not a trusted proxy") {
  auto p = proxies({"127.0.0.1", "10.1.0.0/16"});
  // Without proxies, or from a peer that is not one, the header means nothing.
  CHECK(client_address({}, "127.0.0.1", "203.0.113.7") == "127.0.0.1");
  CHECK(client_address(p, "198.51.100.1", "203.0.113.7") == "198.51.100.1");
  CHECK(client_address(p, "127.0.0.1", "203.0.113.7") == "203.0.113.7");
  // A client's own forged entries stay at the left, behind the proxy's.
  CHECK(client_address(p, "127.0.0.1", "1.2.3.4, 203.0.113.7") == "203.0.113.7");
  CHECK(client_address(p, "127.0.0.1", "203.0.113.7, 10.1.4.4") == "203.0.113.7");
  CHECK(client_address(p, "127.0.0.1", "203.0.113.7,10.1.4.4,127.0.0.1") == "203.0.113.7");
  // Garbage ends the walk at the hop that added it.
  CHECK(client_address(p, "127.0.0.1", "203.0.113.7, junk, 10.1.4.4") == "10.1.4.4");
  CHECK(client_address(p, "127.0.0.1", "") == "127.0.0.1");
  // One spelling per address.
  CHECK(client_address(p, "127.0.0.1", "2001:DB8:0:0::1") == "2001:db8::1");
  CHECK(client_address(p, "127.0.0.1", "::ffff:203.0.113.7") == "203.0.113.7");
}
