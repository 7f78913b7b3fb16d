// Tests of register/config: defaults, every key named on error, token files, office URLs.
#include "register/config.h"
#include "register/config_edit.h"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "test_support/temp_dir.h"

using namespace kopilka;

namespace {
const std::string kTokens =
    "pos_token = \"pos-token-0123456789\"\nadmin_token = \"admin-token-0123456789\"\n";

core::Status error_of(const std::string& text) {
  auto c = daemon::parse_daemon_config(text, "/tmp");
  REQUIRE_FALSE(c.ok());
  return c.status();
}
}  // namespace

TEST_CASE("a minimal config takes the contract's defaults") {
  auto c = daemon::parse_daemon_config(kTokens, "/tmp");
  REQUIRE(c.ok());
  CHECK(c->listen_host == "127.0.0.1");
  CHECK(c->listen_port == 8765);
  CHECK(c->data_dir == "/var/lib/kopilka");
  CHECK(c->settings.point_value == 100);
  CHECK(c->settings.expiry_warning_days == 7);
  CHECK(c->scanners.empty());
  CHECK_FALSE(c->office.has_value());
}

TEST_CASE("bad keys and values are named") {
  CHECK(error_of(kTokens + "colour = 1\n").field() == "colour");
  CHECK(error_of(kTokens + "listen = \"127.0.0.1\"\n").field() == "listen");
  CHECK(error_of(kTokens + "listen = \"127.0.0.1:99999\"\n").field() == "listen");
  CHECK(error_of(kTokens + "timezone = \"Mars/Base\"\n").field() == "timezone");
  CHECK(error_of(kTokens + "point_value = 0\n").field() == "point_value");
  CHECK(error_of(kTokens + "no_loyalty_categories = [1]\n").field() == "no_loyalty_categories[0]");
  CHECK(error_of("pos_token = \"short\"\nadmin_token = \"admin-token-0123456789\"\n").field() ==
        "pos_token");
  CHECK(error_of("admin_token = \"admin-token-0123456789\"\n").field() == "pos_token");
  CHECK(error_of("pos_token = \"same-token-0123456789\"\nadmin_token = \"same-token-0123456789\"\n")
            .field() == "admin_token");
  CHECK(
      error_of(kTokens + "[[scanner]]\nname = \"a\"\nport = \"/dev/ttyACM0\"\nparity = \"maybe\"\n")
          .field() == "scanner[0].parity");
  CHECK(error_of(kTokens + "[[scanner]]\nname = \"a\"\nport = \"/dev/x\"\n[[scanner]]\nname = "
                           "\"a\"\nport = \"/dev/y\"\n")
            .field() == "scanner[1].name");
  CHECK(error_of(kTokens + "[office]\nurl = \"http://office.example.ru\"\n").field() ==
        "office.url");
  CHECK(error_of(kTokens +
                 "[office]\nurl = \"https://o.example.ru\"\nsync_interval = \"5 minutes\"\n")
            .field() == "office.sync_interval");
  // The spec's sync_interval is whole s, m or h; "ms" is only for a scanner's timings.
  auto ms =
      error_of(kTokens + "[office]\nurl = \"https://o.example.ru\"\nsync_interval = \"10000ms\"\n");
  CHECK(ms.field() == "office.sync_interval");
  CHECK(ms.message().rfind("must be a duration like \"30s\", \"5m\" or \"2h\"", 0) == 0);
  CHECK(error_of("listen = [\n").message().find("line") != std::string::npos);
}

TEST_CASE("scanners, office and token files") {
  test::TempDir tmp{"kopilka-config-test"};
  std::string path = tmp.sub("pos.token");
  { std::ofstream(path) << "pos-token-from-a-file-0001\n"; }
  ::chmod(path.c_str(), 0600);
  auto c = daemon::parse_daemon_config(
      "pos_token_file = \"" + path +
          "\"\nadmin_token = \"admin-token-0123456789\"\n"
          "[[scanner]]\nname = \"front\"\nport = \"/dev/ttyACM0\"\nbaud = 115200\nsuffix = "
          "\"\\\\r\"\n"
          "frame_gap = \"80ms\"\ncard_check = \"ean\"\n"
          "[office]\nurl = \"http://127.0.0.1:9000\"\nsync_interval = \"2m\"\n",
      "/tmp");
  std::string why = c.status().field() + ": " + c.status().message();
  REQUIRE_MESSAGE(c.ok(), why);
  CHECK(c->pos_token == "pos-token-from-a-file-0001");
  REQUIRE(c->scanners.size() == 1);
  CHECK(c->scanners[0].baud == 115200);
  CHECK(c->scanners[0].suffix == "\r");
  CHECK(c->scanners[0].frame_gap_ms == 80);
  CHECK(c->scanners[0].card_check == drivers::CardCheck::kEan);
  REQUIRE(c->office.has_value());
  CHECK(c->office->sync_interval_s == 120);
  auto shown = daemon::config_to_json(*c).dump();
  CHECK(shown.find("pos-token-from-a-file") == std::string::npos);
}

TEST_CASE("a token file other users can read or change is refused with the chmod to run") {
  test::TempDir tmp{"kopilka-config-test-mode"};
  std::string path = tmp.sub("pos.token");
  { std::ofstream(path) << "pos-token-from-a-file-0002\n"; }
  const std::string text =
      "pos_token_file = \"" + path + "\"\nadmin_token = \"admin-token-0123456789\"\n";
  for (mode_t mode : {0644, 0604, 0620, 0602, 0666}) {
    ::chmod(path.c_str(), mode);
    auto c = daemon::parse_daemon_config(text, "/tmp");
    REQUIRE_FALSE(c.ok());
    CHECK(c.status().field() == "pos_token_file");
    CHECK(c.status().message().find("chmod 0600 " + path) != std::string::npos);
    CHECK(c.status().message().find("pos-token-from-a-file") == std::string::npos);
  }
  for (mode_t mode : {0600, 0640, 0400, 0440}) {
    ::chmod(path.c_str(), mode);
    CHECK_MESSAGE(daemon::parse_daemon_config(text, "/tmp").ok(), mode);
  }
}

TEST_CASE("plain HTTP to head office only on loopback; other settings checked") {
  for (const char* url : {"http://127.0.0.1:9000", "http://127.0.0.1:9000/",
                          "https://office.example.ru", "https://office.example.ru:8443/base"}) {
    auto c = daemon::parse_daemon_config(kTokens + "[office]\nurl = \"" + url + "\"\n", "/tmp");
    CHECK_MESSAGE(c.ok(), url);
  }
  for (const char* url :
       {"http://10.0.0.5:9000", "http://127.0.0.1", "ftp://127.0.0.1:21",
        "http://localhost.evil.ru:80", "http://127.0.0.1.evil.ru:80", "127.0.0.1:9000",
        // pos-api.md: only the form http://127.0.0.1:PORT opts in to plain HTTP.
        "http://localhost:9000", "http://LOCALHOST:9000", "http://[::1]:9000",
        "http://127.0.0.2:9000", "http://127.0.0.1:9000/path", "http://127.0.0.1:0",
        "http://127.0.0.1:65536", "http://127.0.0.1:90x", "http://127.0.0.1:"}) {
    CHECK_MESSAGE(error_of(kTokens + "[office]\nurl = \"" + url + "\"\n").field() == "office.url",
                  url);
  }
  CHECK(error_of(kTokens + "[office]\nsync_interval = \"5m\"\n").field() == "office.url");
  CHECK(error_of(kTokens + "[office]\nurl = \"https://o.ru\"\ncolour = 1\n").field() ==
        "office.colour");
  CHECK(error_of(kTokens + "locale = \"de\"\n").field() == "locale");
  CHECK(error_of(kTokens + "log_level = \"loud\"\n").field() == "log_level");
  CHECK(error_of(kTokens + "expiry_warning_days = -1\n").field() == "expiry_warning_days");
  CHECK(error_of(kTokens + "point_value = \"100\"\n").field() == "point_value");
  CHECK(error_of(kTokens + "data_dir = 5\n").field() == "data_dir");
  CHECK(error_of(kTokens + "scanner = 5\n").field() == "scanner");
  CHECK(error_of("pos_token = \"pos-token-0123456789\"\npos_token_file = \"/x\"\n"
                 "admin_token = \"admin-token-0123456789\"\n")
            .field() == "pos_token");
  CHECK(error_of("pos_token_file = \"/nonexistent/kopilka.token\"\n"
                 "admin_token = \"admin-token-0123456789\"\n")
            .field() == "pos_token_file");

  // A non-loopback listen address is allowed: writing it in the file is the opt-in.
  auto open = daemon::parse_daemon_config(kTokens + "listen = \"0.0.0.0:8765\"\n", "/tmp");
  REQUIRE(open.ok());
  CHECK(open->listen_host == "0.0.0.0");
  auto en = daemon::parse_daemon_config(
      kTokens + "locale = \"en\"\nlog_level = \"debug\"\ndata_dir = \"data\"\n", "/etc/kopilka");
  REQUIRE(en.ok());
  CHECK(en->settings.locale == core::Locale::kEn);
  CHECK(en->log_level == "debug");
  CHECK(en->data_dir == "/etc/kopilka/data");  // relative to the config file
}

TEST_CASE("a value of the wrong type says so, and an unknown key gets a suggestion") {
  auto quoted = error_of(kTokens + "point_value = \"100\"\n");
  CHECK(quoted.message() == "must be a whole number, not a string (write it without quotes)");
  CHECK(error_of(kTokens + "point_value = 0\n").message() ==
        "must be a whole number from 1 to 1000000 kopecks");
  CHECK(error_of(kTokens + "timezone = 3\n").message() ==
        "must be a string in quotes, not a number");
  auto typo = error_of(kTokens + "point_valeu = 50\n");
  CHECK(typo.field() == "point_valeu");
  CHECK(typo.message() == "unknown key; did you mean point_value?");
  CHECK(error_of(kTokens + "colour = 1\n").message() == "unknown key");
  auto scanner = error_of(kTokens + "[[scanner]]\nname = \"a\"\nport = \"/dev/x\"\nbuad = 9600\n");
  CHECK(scanner.field() == "scanner[0].buad");
  CHECK(scanner.message() == "unknown key; did you mean baud?");
  CHECK(error_of(kTokens + "[[scanner]]\nname = \"a\"\nport = \"/dev/x\"\nbaud = \"9600\"\n")
            .message() == "must be a whole number, not a string (write it without quotes)");
  CHECK(error_of(kTokens + "[[scanner]]\nname = \"a\"\nport = \"/dev/x\"\nkind = \"barcod\"\n")
            .message() == "must be one of auto, barcode, msr; did you mean barcode?");
}

TEST_CASE("an error of a config file names the file and the line") {
  test::TempDir tmp{"kopilka-config"};
  const std::string path = tmp.sub("kopilka.toml");
  {
    std::ofstream out(path);
    out << kTokens << "timezone = \"Europe/Moscow\"\n"
        << "point_value = \"100\"\n"                              // line 4
        << "[[scanner]]\nname = \"front\"\nport = \"/dev/x\"\n";  // lines 5-7
  }
  auto c = daemon::load_daemon_config(path);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().field() == "point_value");
  CHECK(c.status().message() == "must be a whole number, not a string (write it without quotes) (" +
                                    std::string(path) + ", line 4)");
  {
    std::ofstream out(path);
    out << kTokens << "[[scanner]]\nname = \"front\"\nport = \"/dev/x\"\nbaud = 5\n";
  }
  c = daemon::load_daemon_config(path);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().field() == "scanner[0].baud");
  CHECK(c.status().message() ==
        "must be a whole number from 1200 to 921600 (" + std::string(path) + ", line 6)");
  {
    std::ofstream out(path);
    out << kTokens << "[[scanner]]\nport = \"/dev/x\"\n";  // name missing: the table's line
  }
  c = daemon::load_daemon_config(path);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().field() == "scanner[0].name");
  CHECK(c.status().message() == "is required (" + std::string(path) + ", line 3)");
  {
    std::ofstream out(path);
    out << kTokens << "point_value = = 1\n";
  }
  c = daemon::load_daemon_config(path);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message().rfind(std::string(path) + ": not valid TOML at line 3", 0) == 0);
}

TEST_CASE("PUT /v1/admin/config keeps the config file's mode") {
  // The rewrite once created the file anew with 0640, handing the tokens to the group.
  test::TempDir tmp{"kopilka-config-test-edit"};
  std::string path = tmp.sub("kopilka.toml");
  for (mode_t mode : {mode_t{0600}, mode_t{0640}}) {
    { std::ofstream(path) << kTokens; }
    REQUIRE(::chmod(path.c_str(), mode) == 0);
    auto config = daemon::parse_daemon_config(kTokens, "/tmp");
    REQUIRE(config.ok());
    config->path = path;
    auto edited = daemon::edit_config_file(*config, core::Json{{"log_level", "debug"}});
    REQUIRE_MESSAGE(edited.ok(), edited.status().message());
    CHECK(edited->log_level == "debug");
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == mode);
    CHECK(st.st_uid == ::geteuid());
  }
}
