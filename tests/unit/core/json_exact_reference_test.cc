// The RapidJSON reader against the nlohmann one it replaced (json_exact_reference.h): on
// generated documents and on their corruptions both accept the same texts and build the
// same trees, so a confirm's hash, a stored card and a pushed entry read as before.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "core/json_exact.h"
#include "json_exact_reference.h"

using kopilka::core::Json;
using kopilka::core::parse_json_exact;
using kopilka::core::reference::parse_json_exact_reference;

namespace {

// Texts of the kinds the readers see, and the awkward corners of each.
class DocumentWriter {
 public:
  explicit DocumentWriter(std::uint32_t seed) : rng_(seed) {}

  std::string document() {
    std::string out;
    value(out, 0);
    return out;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  void space(std::string& out) {
    static const char* kSpaces[] = {"", "", "", " ", "\n", "\t ", "\r\n  "};
    out += kSpaces[pick(7)];
  }

  void number(std::string& out) {
    static const char* kEdges[] = {"0",
                                   "-0",
                                   "1",
                                   "-1",
                                   "9223372036854775807",
                                   "9223372036854775808",
                                   "-9223372036854775808",
                                   "-9223372036854775809",
                                   "18446744073709551615",
                                   "18446744073709551616",
                                   "123456789012345678901234567890",
                                   "0.5",
                                   "-0.125",
                                   "2.300",
                                   "1e5",
                                   "1E+2",
                                   "1e-7",
                                   "-2.5e-3",
                                   "0.0",
                                   "1.0e0",
                                   "12345.678",
                                   "1e308",
                                   "1e-400",
                                   "00",
                                   "01",
                                   "1.",
                                   ".5",
                                   "-",
                                   "1e",
                                   "+1",
                                   "0x10",
                                   "1e400",
                                   "-1e400",
                                   "Infinity",
                                   "NaN"};
    if (pick(3) == 0) {
      out += kEdges[pick(sizeof kEdges / sizeof *kEdges)];
      return;
    }
    std::int64_t v = std::uniform_int_distribution<std::int64_t>(-1000000, 100000000)(rng_);
    out += std::to_string(v);
    if (pick(3) == 0) out += "." + std::to_string(pick(1000));
  }

  void string(std::string& out) {
    static const char* kPieces[] = {"a",
                                    "card",
                                    "Шампунь",
                                    "\\\"",
                                    "\\\\",
                                    "\\/",
                                    "\\n",
                                    "\\t",
                                    "\\u0041",
                                    "\\u0000",
                                    "\\u00e9",
                                    "\\u041a",
                                    "\\ud83d\\ude00",
                                    "\\ud800",
                                    "\\udc00",
                                    "\\ud800x",
                                    "\\u12",
                                    "\\x",
                                    "\x01",
                                    "\x7f",
                                    "\xc3\xa9",
                                    "\xc3",
                                    "\xe2\x82\xac",
                                    "\xed\xa0\x80",
                                    "\xf0\x9f\x98\x80",
                                    "\xf4\x90\x80\x80",
                                    "\xc0\xaf",
                                    "\xff",
                                    " ",
                                    "lines"};
    out += '"';
    for (int n = pick(5); n > 0; --n) out += kPieces[pick(sizeof kPieces / sizeof *kPieces)];
    out += '"';
  }

  void value(std::string& out, int depth) {
    space(out);
    int kind = depth > 4 ? pick(5) : pick(7);
    switch (kind) {
      case 0:
        number(out);
        break;
      case 1:
        string(out);
        break;
      case 2:
        out += pick(2) ? "true" : "false";
        break;
      case 3:
        out += pick(4) ? "null" : "nul";
        break;
      case 4:
        number(out);
        break;
      case 5: {
        out += '[';
        for (int n = pick(4), i = 0; i < n; ++i) {
          if (i) out += ',';
          value(out, depth + 1);
        }
        space(out);
        out += ']';
        break;
      }
      default: {
        out += '{';
        for (int n = pick(4), i = 0; i < n; ++i) {
          if (i) out += ',';
          space(out);
          string(out);
          space(out);
          out += ':';
          value(out, depth + 1);
        }
        space(out);
        out += '}';
      }
    }
    space(out);
  }

  std::mt19937 rng_;
};

// One byte changed, inserted, removed or the text cut: what a damaged file or a hostile
// body looks like.
std::string corrupt(std::string text, std::mt19937& rng) {
  if (text.empty()) return text;
  auto at = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };
  static const char kBytes[] = "{}[],:\"\\0123456789.eE-+ \ntfn\x00\x80\xff";
  char b = kBytes[at(sizeof kBytes - 2)];
  switch (at(3)) {
    case 0:
      text[at(text.size() - 1)] = b;
      break;
    case 1:
      text.insert(at(text.size()), 1, b);
      break;
    case 2:
      text.erase(at(text.size() - 1), 1);
      break;
    default:
      text.resize(at(text.size() - 1));
  }
  return text;
}

// Where the readers may disagree, the new one refusing what the old took:
// - RapidJSON refuses an exponent past 308 before it looks at the digits, so 0e400 (zero,
//   to nlohmann) is refused. No amount or quantity is written so.
// - nlohmann stopped at a NUL byte as at the end of the text, so "{}\0junk" passed.
bool stricter_now(const std::string& input, const std::string& message) {
  if (message.find("a number too large") != std::string::npos) return true;
  return input.find('\0') != std::string::npos && message.find("a NUL byte") != std::string::npos;
}

}  // namespace

TEST_CASE("the reader accepts and builds exactly what the nlohmann reader did") {
  std::mt19937 rng(20261204);
  int accepted = 0, refused = 0;
  for (std::uint32_t seed = 0; seed < 20000; ++seed) {
    DocumentWriter writer(seed);
    std::string text = writer.document();
    for (int variant = 0; variant < 3; ++variant) {
      const std::string input = variant == 0 ? text : corrupt(text, rng);
      CAPTURE(input);
      auto expected = parse_json_exact_reference(input);
      auto got = parse_json_exact(input);
      if (expected && !got && stricter_now(input, got.status().message())) continue;
      REQUIRE(expected.has_value() == got.ok());
      if (expected) {
        CHECK(*got == *expected);
        CHECK(got->dump(-1, ' ', false, Json::error_handler_t::strict) ==
              expected->dump(-1, ' ', false, Json::error_handler_t::strict));
        ++accepted;
      } else {
        const std::string& message = got.status().message();
        const bool named = message.rfind("malformed JSON", 0) == 0 ||
                           message.rfind("duplicate key", 0) == 0 ||
                           message.rfind("nested deeper", 0) == 0 ||
                           message.rfind("is a number too large", 0) == 0;
        CHECK(named);
        ++refused;
      }
    }
  }
  // Both kinds were really tried.
  CHECK(accepted > 10000);
  CHECK(refused > 10000);
}

TEST_CASE("a NUL byte, text that is not UTF-8 and numbers beyond a double are refused") {
  using namespace std::string_literals;
  for (const std::string& text :
       {"{}\0{}"s, "\"a\0\""s, "[1]\0"s, "\"\xed\xa0\x80\""s, "\"\\udc00\""s, "\"\\ud800\""s,
        "[1e400]"s, "[-1e400]"s, "[100e307]"s, "{\"\xff\":1}"s}) {
    CAPTURE(text);
    // The old reader let the first three through: it stopped at the NUL.
    if (text.find('\0') == std::string::npos)
      CHECK_FALSE(parse_json_exact_reference(text).has_value());
    auto got = parse_json_exact(text);
    REQUIRE_FALSE(got.ok());
    const std::string& message = got.status().message();
    CHECK((message.rfind("malformed JSON at byte ", 0) == 0 ||
           message.rfind("is a number too large (malformed JSON at byte ", 0) == 0));
  }
}
