// Tests of office/config: which listen addresses may serve plain HTTP.
#include "office/config.h"

#include <doctest/doctest.h>

#include <string>

using namespace kopilka;

namespace {

core::Result<office::OfficeConfig> plain_http_on(const std::string& listen) {
  return office::parse_office_config(
      "listen = \"" + listen +
          "\"\ndata_dir = \"/tmp/kopilka-office-config-test\"\ninsecure_http = true\n"
          "admin_token = \"admin-token-0123456789\"\n",
      "/tmp");
}

}  // namespace

TEST_CASE("plain HTTP only on a literal loopback address") {
  CHECK(plain_http_on("127.0.0.1:8443").ok());
  CHECK(plain_http_on("127.3.4.5:8443").ok());
  CHECK(plain_http_on("localhost:8443").ok());
  CHECK(plain_http_on("[::1]:8443").ok());
  // Head office's own copy of the check took any name beginning with "127." for loopback.
  for (const char* host :
       {"127.evil.com:8443", "127.0.0.1.example.ru:8443", "0.0.0.0:8443", "10.0.0.1:8443"}) {
    auto c = plain_http_on(host);
    REQUIRE_FALSE_MESSAGE(c.ok(), host);
    CHECK(c.status().field() == "listen");
  }
}
