// Tests of common/config_util: the helpers both servers' configs share, with the exact
// texts a technician reads (key names, lines, the chmod to run).
#include "common/config_util.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace kopilka;
using core::Code;

namespace {

struct ConfigFiles {
  fs::path path;
  ConfigFiles() {
    std::string pattern = (fs::temp_directory_path() / "kopilka-config-util-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~ConfigFiles() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text, mode_t mode) {
    std::string p = (path / name).string();
    std::ofstream(p) << text;
    ::chmod(p.c_str(), mode);
    return p;
  }
};

toml::table table(const std::string& text) {
  auto t = common::parse_toml(text);
  REQUIRE(t.ok());
  return *t;
}

}  // namespace

TEST_CASE("parse_toml names the line of a syntax error") {
  auto t = common::parse_toml("a = 1\nb = = 2\n");
  REQUIRE(!t.ok());
  CHECK(t.status().code() == Code::kInvalid);
  CHECK(t.status().message().rfind("not valid TOML at line 2: ", 0) == 0);
}

TEST_CASE("a quote left open is named, not only the parser's words for it") {
  auto open = common::parse_toml("a = 1\ntimezone = 'Europe/Moscow\nb = 2\n");
  REQUIRE(!open.ok());
  CHECK(open.status().message().rfind("not valid TOML at line 2: ", 0) == 0);
  CHECK(open.status().message().find("(a quote opened on that line is not closed)") !=
        std::string::npos);
  auto basic = common::parse_toml("name = \"Europe/Moscow\nb = 2\n");
  REQUIRE(!basic.ok());
  CHECK(basic.status().message().find("a quote opened on that line") != std::string::npos);
  // Quotes closed, a comment with a lone quote: another fault, no such words.
  auto other = common::parse_toml("a = 'x' # it's\nb = = 2\n");
  REQUIRE(!other.ok());
  CHECK(other.status().message().find("quote") == std::string::npos);
}

TEST_CASE("read_text_file: the whole text, or not found naming the path") {
  ConfigFiles dir;
  auto path = dir.write("a.txt", "one\ntwo\n", 0644);
  CHECK(*common::read_text_file(path) == "one\ntwo\n");
  auto missing = common::read_text_file(path + ".none");
  REQUIRE(!missing.ok());
  CHECK(missing.status().code() == Code::kNotFound);
  CHECK(missing.status().message() == "cannot read " + path + ".none");
  // A directory read as an empty config, and the error named its first required key.
  auto folder = common::read_text_file(dir.path.string());
  REQUIRE(!folder.ok());
  CHECK(folder.status().message() == dir.path.string() + " is a directory, not a file");
}

TEST_CASE("check_keys refuses an unknown key, naming it and the nearest known one") {
  auto t = table("point_valeu = 1\n");
  auto s = common::check_keys(t, {"point_value", "timezone"}, "settings.");
  CHECK(s.code() == Code::kInvalid);
  CHECK(s.field() == "settings.point_valeu");
  CHECK(s.message() == "unknown key; did you mean point_value?");
  auto far = common::check_keys(table("zzzzzzzzzz = 1\n"), {"point_value"}, "");
  CHECK(far.field() == "zzzzzzzzzz");
  CHECK(far.message() == "unknown key");
  CHECK(common::check_keys(table("timezone = \"UTC\"\n"), {"point_value", "timezone"}, "").is_ok());
}

TEST_CASE("toml_string and toml_int say what was found instead") {
  auto t = table("name = \"front\"\nbaud = \"9600\"\nbits = 9\nflag = true\n");
  CHECK(*common::toml_string(t, "name", "scanner[0].name") == "front");
  auto not_string = common::toml_string(t, "bits", "scanner[0].bits");
  CHECK(not_string.status().message() == "must be a string in quotes, not a number");
  CHECK(not_string.status().field() == "scanner[0].bits");
  CHECK(common::toml_string(t, "none", "x").status().message() == "is required: a string");

  auto quoted = common::toml_int(t, "baud", "scanner[0].baud", 1, 921600);
  CHECK(quoted.status().message() ==
        "must be a whole number, not a string (write it without quotes)");
  auto range = common::toml_int(t, "bits", "scanner[0].bits", 5, 8, "bits");
  CHECK(range.status().message() == "must be a whole number from 5 to 8 bits");
  CHECK(range.status().field() == "scanner[0].bits");
  CHECK(common::toml_int(t, "flag", "f", 0, 1).status().message() ==
        "must be a whole number, not true/false");
  CHECK(*common::toml_int(t, "bits", "bits", 1, 9) == 9);
}

TEST_CASE("toml_line finds a value's line, or its table's when the key is missing") {
  // Parsed here: a copied table keeps no source lines.
  toml::table t =
      toml::parse("a = 1\n\n[[scanner]]\nname = \"x\"\n\n[[scanner]]\nname = \"y\"\nbaud = 7\n");
  CHECK(common::toml_line(t, "a") == 1u);
  CHECK(common::toml_line(t, "scanner[1].baud") == 8u);
  CHECK(common::toml_line(t, "scanner[0].baud") == 3u);
  CHECK(!common::toml_line(t, "nothing").has_value());
}

TEST_CASE("with_location adds the file and the line of the field") {
  std::string text = "[settings]\npoint_value = 0\n";
  auto s = common::with_location(core::Status::invalid("must be positive", "settings.point_value"),
                                 "/etc/kopilka/kopilka.toml", text);
  CHECK(s.message() == "must be positive (/etc/kopilka/kopilka.toml, line 2)");
  CHECK(s.field() == "settings.point_value");
  auto syntax =
      common::with_location(core::Status::invalid("not valid TOML at line 3: x"), "/k.toml", text);
  CHECK(syntax.message() == "/k.toml: not valid TOML at line 3: x");
  auto other = common::with_location(core::Status::invalid("no scanners"), "/k.toml", text);
  CHECK(other.message() == "no scanners");
  CHECK(common::with_location(core::Status::ok(), "/k.toml", text).is_ok());
}

TEST_CASE("parse_host_port: host and port, IPv6 in brackets, ports 1 to 65535") {
  auto hp = common::parse_host_port("127.0.0.1:8765", "listen");
  REQUIRE(hp.ok());
  CHECK(hp->host == "127.0.0.1");
  CHECK(hp->port == 8765);
  auto v6 = common::parse_host_port("[::1]:443", "listen");
  REQUIRE(v6.ok());
  CHECK(v6->host == "::1");
  CHECK(v6->port == 443);
  CHECK(common::parse_host_port("localhost", "listen").status().message() == "must be host:port");
  CHECK(common::parse_host_port(":80", "listen").status().message() == "must be host:port");
  for (const char* bad : {"h:0", "h:65536", "h:", "h:80a", "h:-1", "h:123456"}) {
    auto r = common::parse_host_port(bad, "listen");
    CHECK_MESSAGE(r.status().message() == "port must be 1-65535", bad);
    CHECK(r.status().field() == "listen");
  }
}

TEST_CASE("is_loopback_host: localhost, ::1 and 127.0.0.0/8 literals only") {
  CHECK(common::is_loopback_host("localhost"));
  CHECK(common::is_loopback_host("::1"));
  CHECK(common::is_loopback_host("127.0.0.1"));
  CHECK(common::is_loopback_host("127.8.9.10"));
  CHECK(!common::is_loopback_host("127.0.0.1.example.ru"));
  CHECK(!common::is_loopback_host("128.0.0.1"));
  CHECK(!common::is_loopback_host("0.0.0.0"));
  CHECK(!common::is_loopback_host(""));
}

TEST_CASE("check_private_file refuses a file other users can read, with the chmod to run") {
  ConfigFiles dir;
  auto open = dir.write("token", "x", 0644);
  auto s = common::check_private_file(open, "pos_token_file");
  CHECK(s.field() == "pos_token_file");
  CHECK(s.message() == open + " can be read or changed by other users; run: chmod 0600 " + open +
                           " (or 0640 to let the service's group read it)");
  CHECK(!common::check_private_file(dir.write("g", "x", 0660), "f").is_ok());
  CHECK(common::check_private_file(dir.write("p", "x", 0600), "f").is_ok());
  CHECK(common::check_private_file(dir.write("r", "x", 0640), "f").is_ok());
  CHECK(common::check_private_file(open + ".none", "f").message() ==
        "cannot read " + open + ".none");
}

TEST_CASE("load_token: inline or from a private file, exactly one, at least 16 characters") {
  ConfigFiles dir;
  dir.write("pos.token", "0123456789abcdef0123\n", 0600);
  auto from_file =
      common::load_token(table("pos_token_file = \"pos.token\"\n"), "pos_token", dir.path.string());
  REQUIRE(from_file.ok());
  CHECK(*from_file == "0123456789abcdef0123");
  auto inline_token = common::load_token(table("pos_token = \"0123456789abcdef\"\n"), "pos_token",
                                         dir.path.string());
  CHECK(*inline_token == "0123456789abcdef");
  auto both = common::load_token(
      table("pos_token = \"0123456789abcdef\"\npos_token_file = \"pos.token\"\n"), "pos_token",
      dir.path.string());
  CHECK(both.status().message() == "set exactly one of pos_token and pos_token_file");
  CHECK(both.status().field() == "pos_token");
  auto none = common::load_token(table(""), "pos_token", dir.path.string());
  CHECK(none.status().message() == "set exactly one of pos_token and pos_token_file");
  auto short_token =
      common::load_token(table("pos_token = \"short\"\n"), "pos_token", dir.path.string());
  CHECK(short_token.status().message() == "must be at least 16 characters");
  dir.write("open.token", "0123456789abcdef0123\n", 0644);
  auto open = common::load_token(table("pos_token_file = \"open.token\"\n"), "pos_token",
                                 dir.path.string());
  CHECK(open.status().field() == "pos_token_file");
  CHECK(open.status().message().find("chmod 0600") != std::string::npos);
}

TEST_CASE("parse_duration: seconds, minutes, hours; anything else names the grammar") {
  CHECK(*common::parse_duration("30s", "f") == 30);
  CHECK(*common::parse_duration("5m", "f") == 300);
  CHECK(*common::parse_duration("2h", "f") == 7200);
  CHECK(*common::parse_duration("0s", "f") == 0);
  for (const char* bad : {"", "5", "m", "5d", "-5m", " 5m", "1.5h", "5 m", "5M", "1234567890123s",
                          "10000ms", "0ms", "ms"}) {
    auto r = common::parse_duration(bad, "office.sync_interval");
    REQUIRE_MESSAGE(!r.ok(), bad);
    CHECK(r.status().message() == "must be a duration like \"30s\", \"5m\" or \"2h\"");
    CHECK(r.status().field() == "office.sync_interval");
  }
}
