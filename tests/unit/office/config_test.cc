// Tests of office/config: which listen addresses may serve plain HTTP, the storage url,
// and paths relative to the config file.
#include "office/config.h"
#include "office/storage_url.h"

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

TEST_CASE(
    "a PostgreSQL URI libpq cannot read is refused by the config check, its password hidden") {
  // It once passed --check-config, then the start printed libpq's message quoting the URI,
  // password and all, into the journal.
  auto bad =
      with_storage("[storage]\nurl = \"postgresql://pwuser:S3cretPassw0rd@[::1:47300/db\"\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().field() == "storage.url");
  CHECK(bad.status().message().find("S3cretPassw0rd") == std::string::npos);
  CHECK(bad.status().message().find("pwuser:***@") != std::string::npos);
  auto upper = with_storage("[storage]\nurl = \"POSTGRESQL://kopilka@db/office\"\n");
  REQUIRE(upper.ok());
  CHECK(upper->storage.postgres == "postgresql://kopilka@db/office");
}

TEST_CASE("a password is hidden in libpq's words, in the user part or as a parameter") {
  const std::string uri = "postgresql://kopilka:hunter22@db:5432/office?password=other-one&x=1";
  CHECK(office::without_password("cannot parse postgresql://kopilka:hunter22@db and other-one",
                                 uri) == "cannot parse postgresql://kopilka:***@db and ***");
  CHECK(office::without_password("no password here", "postgresql://kopilka@db/office") ==
        "no password here");
}

TEST_CASE("listen and the admin token are read as kopilkad reads them") {
  // The office once took "8443x" as port 8443 and ":8443" as an empty host.
  for (const char* listen : {"127.0.0.1:8443x", ":8443", "127.0.0.1:0", "127.0.0.1"}) {
    auto c = plain_http_on(listen);
    REQUIRE_FALSE_MESSAGE(c.ok(), listen);
    CHECK(c.status().field() == "listen");
  }
  auto ok = plain_http_on("127.0.0.1:8443");
  REQUIRE(ok.ok());
  CHECK(ok->listen_port == 8443);
  auto both = office::parse_office_config(
      "data_dir = \"/tmp/x\"\nadmin_token = \"admin-token-0123456789\"\n"
      "admin_token_file = \"token\"\n",
      "/tmp");
  REQUIRE_FALSE(both.ok());
  CHECK(both.status().message() == "set exactly one of admin_token and admin_token_file");
  auto short_token =
      office::parse_office_config("data_dir = \"/tmp/x\"\nadmin_token = \"short\"\n", "/tmp");
  REQUIRE_FALSE(short_token.ok());
  CHECK(short_token.status().field() == "admin_token");
}

namespace {

core::Result<office::OfficeConfig> with_auth(const std::string& auth) {
  return office::parse_office_config(
      "data_dir = \"/tmp/kopilka-office-config-test\"\ninsecure_http = true\n"
      "admin_token = \"admin-token-0123456789\"\n" +
          auth,
      "/tmp");
}

}  // namespace

TEST_CASE("[auth] session_idle is a duration, 30 minutes by default") {
  CHECK(with_auth("")->session_idle == 30 * 60);
  CHECK(with_auth("[auth]\nsession_idle = \"2s\"\n")->session_idle == 2);
  CHECK(with_auth("[auth]\nsession_idle = \"8h\"\n")->session_idle == 8 * 3600);
  for (const char* bad :
       {"[auth]\nsession_idle = \"soon\"\n", "[auth]\nsession_idle = 30\n",
        "[auth]\nsession_idle = \"0s\"\n", "[auth]\nsession_idle = \"500ms\"\n"}) {
    auto c = with_auth(bad);
    REQUIRE_FALSE_MESSAGE(c.ok(), bad);
    CHECK(c.status().field() == "auth.session_idle");
  }
  auto unknown = with_auth("[auth]\nidle = \"2s\"\n");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().field() == "auth.idle");
}

TEST_CASE("[auth] trusted_proxies is a list of addresses and networks, none by default") {
  CHECK(with_auth("")->trusted_proxies.empty());
  auto c = with_auth("[auth]\ntrusted_proxies = [\"127.0.0.1\", \"10.1.0.0/16\", \"fd00::/8\"]\n");
  REQUIRE(c.ok());
  CHECK(c->trusted_proxies.size() == 3);
  for (const char* bad :
       {"[auth]\ntrusted_proxies = \"127.0.0.1\"\n", "[auth]\ntrusted_proxies = [1]\n",
        "[auth]\ntrusted_proxies = [\"proxy.local\"]\n",
        "[auth]\ntrusted_proxies = [\"10.0.0.0/33\"]\n",
        "[auth]\ntrusted_proxies = [\"10.0.0.0/\"]\n"}) {
    auto bad_config = with_auth(bad);
    REQUIRE_FALSE_MESSAGE(bad_config.ok(), bad);
    CHECK(bad_config.status().field() == "auth.trusted_proxies");
  }
}

TEST_CASE("paths in office.toml are relative to the file, wherever head office starts") {
  // systemd starts head office in /: a config that named its certificate "office.crt" beside
  // it passed --check-config in the technician's shell and failed under the unit.
  auto c = office::parse_office_config(
      "listen = \"0.0.0.0:8443\"\ndata_dir = \"data\"\n"
      "admin_token = \"admin-token-0123456789\"\n[tls]\ncert = \"office.crt\"\n"
      "key = \"/etc/ssl/private/office.key\"\n",
      "/etc/kopilka");
  REQUIRE(c.ok());
  CHECK(c->tls_cert == "/etc/kopilka/office.crt");
  CHECK(c->tls_key == "/etc/ssl/private/office.key");
  CHECK(c->data_dir == "/etc/kopilka/data");
}
