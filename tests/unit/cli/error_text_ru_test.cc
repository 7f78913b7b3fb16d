// Russian error text: exact translations of the shapes a technician meets, and every
// message the real parsers (programs, receipts, kopilkad's config, scanners) give for bad
// input comes out in Russian with no English words left.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "cli/error_text_ru.h"
#include "common/config_util.h"
#include "core/json_exact.h"
#include "core/program.h"
#include "core/receipt_request.h"
#include "register/config.h"

namespace kopilka::cli {
namespace {

// English words that no Russian message may keep; field names and example values
// ("from_spent", "30s") are not among them.
bool has_english_words(const std::string& text) {
  static const std::set<std::string> english = {
      "must",  "required", "unknown", "number", "string", "not",    "is",    "be",
      "mean",  "line",     "more",    "than",   "object", "array",  "the",   "of",
      "or",    "and",      "at",      "from",   "to",     "one",    "give",  "set",
      "table", "cannot",   "has",     "may",    "over",   "digits", "valid", "characters"};
  static const std::regex word("[A-Za-z]+(_[A-Za-z0-9]+)*");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator();
       ++it)
    if (english.count(it->str())) return true;
  return false;
}

void check_russian(const std::string& english) {
  std::string ru = error_text_ru(english);
  CAPTURE(english);
  CAPTURE(ru);
  CHECK(ru != english);
  CHECK(!has_english_words(ru));
}

std::string program_error(const std::string& json_text) {
  CAPTURE(json_text);
  auto doc = core::parse_json_exact(json_text);
  REQUIRE(doc);
  auto p = core::parse_program(*doc);
  REQUIRE(!p);
  return p.status().message();
}

std::string receipt_error(const std::string& json_text) {
  CAPTURE(json_text);
  auto doc = core::parse_json_exact(json_text);
  REQUIRE(doc);
  auto r = core::parse_receipt_request(*doc, 1'790'000'000);
  REQUIRE(!r);
  return r.status().message();
}

const std::string kTokens =
    "pos_token = \"pos-token-0123456789\"\nadmin_token = \"admin-token-0123456789\"\n";

// The message as kopilka shows it: with the file and line, as load_daemon_config adds.
std::string config_error(const std::string& text) {
  auto c = daemon::parse_daemon_config(text, "/nonexistent");
  REQUIRE(!c);
  return common::with_location(c.status(), "/etc/kopilka/kopilkad.toml", text).message();
}

TEST_CASE("exact Russian for the messages a technician meets first") {
  CHECK(error_text_ru("must be a whole number from 1200 to 921600 (/etc/kopilka/kopilkad.toml, "
                      "line 6)") ==
        "должно быть целым числом от 1200 до 921600 (/etc/kopilka/kopilkad.toml, строка 6)");
  CHECK(error_text_ru("unknown key; did you mean baud? (r.toml, line 3)") ==
        "неизвестный ключ; может быть, baud? (r.toml, строка 3)");
  CHECK(error_text_ru("is required") == "обязательное поле");
  CHECK(error_text_ru("must be a whole number, not a string (write it without quotes) (k.toml, "
                      "line 2)") ==
        "должно быть целым числом, а здесь строка (пишите без кавычек) (k.toml, строка 2)");
  CHECK(error_text_ru("must be a whole number from 1 to 1000000 kopecks") ==
        "должно быть целым числом от 1 до 1000000 копеек");
  CHECK(error_text_ru("must be one of none, even, odd; did you mean even?") ==
        "должно быть одним из: none, even, odd; может быть, even?");
  CHECK(error_text_ru("k.toml: not valid TOML at line 4: expected '='") ==
        "k.toml: ошибка TOML в строке 4: expected '='");
  CHECK(error_text_ru("must be from -1000000 to 1000000") == "должно быть от -1000000 до 1000000");
  // What an enrolled register's kopilkad answers `kopilka card set` and `program import`.
  CHECK(error_text_ru("this register is enrolled with head office: edit programs and cards there "
                      "(a file of cards: kopilka-office import cards)") ==
        "касса подключена к головному офису: программы и карты меняются там (файл карт: "
        "kopilka-office import cards)");
  CHECK(error_text(Lang::kEn, "is required") == "is required");
  CHECK(error_text(Lang::kRu, "is required") == "обязательное поле");
}

TEST_CASE("a message not in the table passes through unchanged") {
  CHECK(error_text_ru("the daemon said something new") == "the daemon said something new");
  CHECK(error_text_ru("something new (k.toml, line 2)") == "something new (k.toml, line 2)");
  CHECK(error_text_ru("") == "");
}

TEST_CASE("every program error is in Russian") {
  const std::string base = R"("id": "p", "name": "P", )";
  const std::string many(1001 * 4, 'x');
  std::string skus = "[";
  for (int i = 0; i < 1001; ++i) skus += std::string(i ? "," : "") + "\"s\"";
  skus += "]";
  for (
      const std::string& doc : std::vector<std::string>{
          "[]",
          "{}",
          R"({"id": "Bad id"})",
          R"({"id": "p"})",
          R"({"id": "p", "name": 5})",
          R"({"id": "p", "name": "P"})",
          "{" + base + R"("kind": "discout"})",
          "{" + base + R"("kind": "discount", "percent": 5, "colour": "red"})",
          "{" + base + R"("kind": "discount"})",
          "{" + base + R"("kind": "discount", "percent": "10"})",
          "{" + base + R"("kind": "discount", "percent": 10.123})",
          "{" + base + R"("kind": "discount", "percent": 101})",
          "{" + base + R"("kind": "discount", "percent": 1e30})",
          "{" + base + R"("kind": "discount", "amount": 0})",
          "{" + base + R"("kind": "discount", "amount": 1.5})",
          "{" + base + R"("kind": "discount", "percent": 5, "enabled": "yes"})",
          "{" + base + R"("kind": "discount", "percent": 5, "priority": 2000000})",
          "{" + base + R"("kind": "discount", "percent": 5, "valid": 5})",
          "{" + base + R"("kind": "discount", "percent": 5, "valid": {"from": "2026-13-01"}})",
          "{" + base + R"("kind": "discount", "percent": 5, "valid": {"from": "soon"}})",
          "{" + base +
              R"("kind": "discount", "percent": 5, "valid": {"from": "2026-05-01", "to": "2026-04-01"}})",
          "{" + base + R"("kind": "discount", "percent": 5, "schedule": {"days": ["mon", "xyz"]}})",
          "{" + base + R"("kind": "discount", "percent": 5, "schedule": {"days": "mon"}})",
          "{" + base + R"("kind": "discount", "percent": 5, "schedule": {"days": [""]}})",
          "{" + base + R"("kind": "discount", "percent": 5, "schedule": {"hours": "10-12"}})",
          "{" + base +
              R"("kind": "discount", "percent": 5, "audience": {"anyone": true, "groups": ["a"]}})",
          "{" + base + R"("kind": "discount", "percent": 5, "scope": {"skus": )" + skus + "}}",
          R"({"id": "p", "name": ")" + many + R"(", "kind": "discount", "percent": 5})",
          "{" + base +
              R"("kind": "bonus", "percent": 5, "points": {"lifetime_days": 1, "delay_days": 5}})",
          "{" + base + R"("kind": "bonus", "percent": 5, "levels": []})",
          "{" + base + R"("kind": "discount_scale", "levels": []})",
          "{" + base + R"("kind": "discount_scale", "levels": [5]})",
          "{" + base + R"("kind": "discount_scale", "levels": [{"percent": 5}]})",
          "{" + base + R"("kind": "discount_scale", "levels": [{"from_spent": 0}]})",
          "{" + base +
              R"("kind": "discount_scale", "levels": [{"from_spent": 9, "percent": 5}, {"from_spent": 1, "percent": 6}]})",
          "{" + base + R"("kind": "birthday"})",
          "{" + base + R"("kind": "visits", "every": 3, "count": 2, "reward": {"percent": 5}})",
          "{" + base + R"("kind": "coupon", "codes": [], "percent": 5})",
          "{" + base + R"("kind": "volume", "min_qty": 0, "percent": 5})",
          "{" + base + R"("kind": "threshold", "min_total": 100, "percent": 5, "x": 1})",
          "{" + base + R"("kind": "next_purchase", "min_total": 100, "valid_days": 5})",
          "{" + base +
              R"("kind": "next_purchase", "min_total": 100, "valid_days": 5, "reward": {}})",
      })
    check_russian(program_error(doc));
}

TEST_CASE("every receipt error is in Russian") {
  const std::string id = R"("receipt_id": "r1", )";
  const std::string line = R"({"line": 1, "qty": 1, "price": 100})";
  for (const std::string& doc : std::vector<std::string>{
           "[]",
           R"({"colour": 1})",
           R"({"lines": []})",
           R"({"receipt_id": ""})",
           R"({"receipt_id": "a\u0001b"})",
           "{" + id + R"("card": "12", "lines": [)" + line + "]}",
           "{" + id + R"("coupons": 5, "lines": [)" + line + "]}",
           "{" + id + R"("redeem_points": "lots", "lines": [)" + line + "]}",
           "{" + id + R"("at": "yesterday", "lines": [)" + line + "]}",
           "{" + id + R"("at": "1990-01-01T00:00:00Z", "lines": [)" + line + "]}",
           R"({"receipt_id": "r1"})",
           "{" + id + R"("lines": []})",
           "{" + id + R"("lines": [5]})",
           "{" + id + R"("lines": [{"qty": 1, "price": 1}]})",
           "{" + id + R"("lines": [{"line": 0, "qty": 1, "price": 1}]})",
           "{" + id + "\"lines\": [" + line + "," + line + "]}",
           "{" + id + R"("lines": [{"line": 1, "price": 1}]})",
           "{" + id + R"("lines": [{"line": 1, "qty": "abc", "price": 1}]})",
           "{" + id + R"("lines": [{"line": 1, "qty": 0, "price": 1}]})",
           "{" + id + R"("lines": [{"line": 1, "qty": 2000000, "price": 1}]})",
           "{" + id + R"("lines": [{"line": 1, "qty": 1.2345, "price": 1}]})",
           "{" + id + R"("lines": [{"line": 1, "qty": 1}]})",
           "{" + id + R"("lines": [{"line": 1, "qty": 1, "price": 1.5}]})",
           "{" + id + R"("lines": [{"line": 1, "qty": 1, "price": -1}]})",
           "{" + id + R"("lines": [{"line": 1, "qty": 1, "price": 10000000000000}]})",
           "{" + id + R"("lines": [{"line": 1, "qty": 1000, "price": 1000000000000}]})",
           "{" + id + "\"expect\": 5, \"lines\": [" + line + "]}",
           "{" + id + "\"expect\": {\"total\": \"x\"}, \"lines\": [" + line + "]}",
           "{" + id + "\"expect\": {\"points_accrued\": -1}, \"lines\": [" + line + "]}",
       })
    check_russian(receipt_error(doc));
}

TEST_CASE("every kopilkad config and scanner error is in Russian") {
  const std::string scanner = "[[scanner]]\nname = \"s\"\nport = \"/dev/ttyS0\"\n";
  for (const std::string& text : std::vector<std::string>{
           kTokens + "zzzzzz = 1\n",
           kTokens + "point_valeu = 1\n",
           kTokens + "listen = 5\n",
           kTokens + "listen = \"nohost\"\n",
           kTokens + "listen = \"h:99999\"\n",
           kTokens + "data_dir = \"\"\n",
           kTokens + "timezone = \"Mars/Base\"\n",
           kTokens + "point_value = \"100\"\n",
           kTokens + "point_value = 0\n",
           kTokens + "expiry_warning_days = 999\n",
           kTokens + "no_loyalty_categories = 5\n",
           kTokens + "no_loyalty_categories = [1]\n",
           kTokens + "locale = \"de\"\n",
           kTokens + "log_level = \"loud\"\n",
           kTokens + "pos_token_file = \"p\"\n",
           "pos_token = \"short\"\nadmin_token = \"admin-token-0123456789\"\n",
           "pos_token = \"pos-token-0123456789\"\nadmin_token = \"pos-token-0123456789\"\n",
           "pos_token_file = \"/nonexistent/p\"\nadmin_token = \"admin-token-0123456789\"\n",
           kTokens + "scanner = 5\n",
           kTokens + "scanner = [5]\n",
           kTokens + "[[scanner]]\nport = \"/dev/ttyS0\"\n",
           kTokens + "[[scanner]]\nname = \"\"\nport = \"/dev/ttyS0\"\n",
           kTokens + "[[scanner]]\nname = \"s\"\n",
           kTokens + "[[scanner]]\nname = \"s\"\nport = \"\"\n",
           kTokens + scanner + "baud = 5\n",
           kTokens + scanner + "baud = 9600.5\n",
           kTokens + scanner + "parity = \"xx\"\n",
           kTokens + scanner + "parity = \"evn\"\n",
           kTokens + scanner + "bawd = 9600\n",
           kTokens + scanner + "frame_gap = \"fast\"\n",
           kTokens + scanner + "frame_gap = 1\n",
           kTokens + scanner + "repeat_window = \"1.5s\"\n",
           kTokens + scanner + "prefix = \"\\\\q\"\n",
           kTokens + scanner + "prefix = \"a\\\\\"\n",
           kTokens + scanner + "prefix = \"" + std::string(17, 'a') + "\"\n",
           kTokens + scanner + "card_pattern = \"(\"\n",
           kTokens + scanner + scanner,
           kTokens + "office = 5\n",
           kTokens + "[office]\nurl = \"http://example.ru\"\n",
           kTokens + "[office]\nurl = \"https://o.example.ru\"\nsync_interval = \"5\"\n",
           kTokens + "[office]\nurl = \"https://o.example.ru\"\nsync_interval = \"5s\"\n",
           kTokens + "[office]\nurl = \"https://o.example.ru\"\nproxi = \"x\"\n",
       })
    check_russian(config_error(text));
}

// The messages the inputs above do not reach (a file's mode, a refund, the exact-JSON and
// decimal helpers under them), as their files write them.
TEST_CASE("the messages no bad input above reaches are in Russian too") {
  for (const std::string& message : std::vector<std::string>{
           "/etc/kopilka/pos.token can be read or changed by other users; run: chmod 0600 "
           "/etc/kopilka/pos.token (or 0640 to let the service's group read it)",
           "must be a non-empty array of up to 1000 lines",
           "has more than 1000 lines",
           "the receipt amount is over 10^13 kopecks",
           "malformed JSON",
           "must be a number or a decimal string",
           "must be a number",
           "is out of range",
           "has more than 2 decimal places",
           "is over 1000000",
           "must be a whole number from 1 to 10 minutes",
           "unknown key (/etc/kopilka/kopilkad.toml)",
       })
    check_russian(message);
}

TEST_CASE("a JSON syntax error keeps the parser's own words after a Russian head") {
  auto bad = core::parse_json_exact("{nope");
  REQUIRE(!bad);
  std::string ru = error_text_ru("x.json: " + bad.status().message());
  CAPTURE(ru);
  CHECK(ru.rfind("x.json: испорченный JSON, байт 1: ", 0) == 0);
  auto deep = core::parse_json_exact(std::string(1000, '[') + std::string(1000, ']'));
  REQUIRE(!deep);
  check_russian("x.json: " + deep.status().message());
}

TEST_CASE("a TOML syntax error keeps toml++'s own words but the sentence around is Russian") {
  std::string ru = error_text_ru(config_error(kTokens + "= =\n"));
  CAPTURE(ru);
  CHECK(ru.rfind("/etc/kopilka/kopilkad.toml: ошибка TOML в строке 3: ", 0) == 0);
}

}  // namespace
}  // namespace kopilka::cli
