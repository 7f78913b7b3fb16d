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

namespace {

core::Result<office::OfficeConfig> with_storage(const std::string& storage) {
  return office::parse_office_config(
      "data_dir = \"/tmp/kopilka-office-config-test\"\ninsecure_http = true\n"
      "admin_token = \"admin-token-0123456789\"\n" +
          storage,
      "/tmp");
}

}  // namespace

TEST_CASE("[storage] url chooses the engine; anything else names the key") {
  auto none = with_storage("");
  REQUIRE(none.ok());
  CHECK(none->storage.engine == office::StorageUrl::Engine::kSqlite);
  CHECK(none->storage.sqlite_path.empty());
  auto sqlite = with_storage("[storage]\nurl = \"sqlite\"\n");
  REQUIRE(sqlite.ok());
  CHECK(sqlite->storage.engine == office::StorageUrl::Engine::kSqlite);
  auto file = with_storage("[storage]\nurl = \"sqlite:///var/lib/kopilka/office.db\"\n");
  REQUIRE(file.ok());
  CHECK(file->storage.sqlite_path == "/var/lib/kopilka/office.db");
  auto pg = with_storage("[storage]\nurl = \"postgresql://kopilka@db:5432/office\"\n");
  REQUIRE(pg.ok());
  CHECK(pg->storage.engine == office::StorageUrl::Engine::kPostgres);
  CHECK(pg->storage.postgres == "postgresql://kopilka@db:5432/office");
  for (const char* bad :
       {"[storage]\nurl = \"mysql://db/office\"\n", "[storage]\nurl = \"sqlite://office.db\"\n",
        "[storage]\nurl = 5\n", "[storage]\nuri = \"sqlite\"\n", "storage = \"sqlite\"\n"}) {
    auto c = with_storage(bad);
    REQUIRE_FALSE_MESSAGE(c.ok(), bad);
    CHECK(c.status().field().rfind("storage", 0) == 0);
  }
  CHECK(with_storage("[storage]\nurl = \"mysql://db/office\"\n").status().message() ==
        "must be \"sqlite\", \"sqlite:///path/office.db\" or \"postgresql://user@host:port/db\"");
}
