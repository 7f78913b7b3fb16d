// `[[scanner]]` tables → ScannerConfig; see scanner_config.h. Every key of scanners.md
// with its default and range; unknown keys and bad values name the key.
#include <cctype>
#include <optional>
#include <regex>
#include <string_view>

#include <toml++/toml.h>

#include "common/config_util.h"
#include "common/duration.h"
#include "common/suggest.h"
#include "drivers/scanner_config.h"

namespace kopilka::drivers {

namespace {

using core::Status;

template <typename E>
using Options = std::initializer_list<std::pair<const char*, E>>;

// The words of scanners.md for each choice, read by scanner_config_from_toml and written
// back by scanner_config_to_json.
constexpr Options<Parity> kParities = {
    {"none", Parity::kNone}, {"odd", Parity::kOdd}, {"even", Parity::kEven}};
constexpr Options<Flow> kFlows = {
    {"none", Flow::kNone}, {"rtscts", Flow::kRtsCts}, {"xonxoff", Flow::kXonXoff}};
constexpr Options<ScannerKind> kKinds = {
    {"auto", ScannerKind::kAuto}, {"barcode", ScannerKind::kBarcode}, {"msr", ScannerKind::kMsr}};
constexpr Options<Terminator> kTerminators = {
    {"auto", Terminator::kAuto}, {"cr", Terminator::kCr},   {"lf", Terminator::kLf},
    {"crlf", Terminator::kCrLf}, {"tab", Terminator::kTab}, {"etx", Terminator::kEtx},
    {"none", Terminator::kNone}};
constexpr Options<CardCheck> kCardChecks = {
    {"none", CardCheck::kNone}, {"ean", CardCheck::kEan}, {"luhn", CardCheck::kLuhn}};

template <typename E>
const char* word_for(E value, Options<E> options) {
  for (const auto& [name, v] : options)
    if (v == value) return name;
  return "";
}

// "\x02" and "\r"-style escapes in prefix/suffix.
core::Result<std::string> decode_escapes(const std::string& s, const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (i + 1 >= s.size()) return Status::invalid("ends with a lone backslash", field);
    char c = s[++i];
    if (c == 'r')
      out += '\r';
    else if (c == 'n')
      out += '\n';
    else if (c == 't')
      out += '\t';
    else if (c == '\\')
      out += '\\';
    else if (c == 'x' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
             std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      return Status::invalid("unknown escape \\" + std::string(1, c), field);
    }
  }
  if (out.size() > 16) return Status::invalid("is longer than 16 bytes", field);
  return out;
}

// What a fractional timing such as "1.5s" (or "1,5s") means in whole milliseconds, rounded
// half up ("1500ms"), so its error can say what to write; nullopt for anything else. At
// most 6 digits each side, so no unit overflows.
std::optional<std::string> whole_ms_for(std::string_view text) {
  auto digits = [&](std::size_t& i, std::int64_t& value, std::int64_t* scale) {
    std::size_t from = i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && i - from < 7; ++i) {
      value = value * 10 + (text[i] - '0');
      if (scale) *scale *= 10;
    }
    return i > from && i - from <= 6;
  };
  std::size_t i = 0;
  std::int64_t value = 0, scale = 1;
  if (!digits(i, value, nullptr) || i >= text.size() || (text[i] != '.' && text[i] != ','))
    return std::nullopt;
  ++i;
  if (!digits(i, value, &scale)) return std::nullopt;
  std::string_view unit = text.substr(i);
  std::int64_t per = unit == "ms"  ? 1
                     : unit == "s" ? 1000
                     : unit == "m" ? 60 * 1000
                     : unit == "h" ? 3600 * 1000
                                   : 0;
  if (per == 0) return std::nullopt;
  return std::to_string((value * per + scale / 2) / scale) + "ms";
}

core::Result<int> ms_value(const toml::table& t, const char* key, int lo, int hi) {
  const toml::node* n = t.get(key);
  std::int64_t ms = 0;
  if (auto i = n->value<std::int64_t>()) {
    ms = *i;
  } else if (auto s = n->value<std::string>()) {
    auto d = common::read_duration(*s);
    // "1.5s" once loaded as 1 s without a word; now it is refused, with what to write.
    if (auto whole = d ? std::nullopt : whole_ms_for(*s))
      return Status::invalid(
          "\"" + *s + "\" has a fraction: write whole milliseconds, e.g. \"" + *whole + "\"", key);
    if (!d)
      return Status::invalid("must be milliseconds (50) or a duration (\"50ms\", \"2s\")", key);
    ms = d->count();
  } else {
    return Status::invalid("must be milliseconds (50) or a duration (\"50ms\", \"2s\")", key);
  }
  if (ms < lo || ms > hi)
    return Status::invalid(
        "must be from " + std::to_string(lo) + " to " + std::to_string(hi) + " ms", key);
  return static_cast<int>(ms);
}

template <typename E>
core::Result<E> choice(const toml::table& t, const char* key, Options<E> options) {
  auto v = common::toml_string(t, key, key);
  if (!v) return v.status();
  std::string names;
  for (const auto& [name, value] : options) {
    if (*v == name) return value;
    names += std::string(names.empty() ? "" : ", ") + name;
  }
  std::vector<std::string> known;
  for (const auto& option : options) known.push_back(option.first);
  std::string near = common::nearest_word(*v, known);
  return Status::invalid(
      "must be one of " + names + (near.empty() ? "" : "; did you mean " + near + "?"), key);
}

}  // namespace

core::Result<ScannerConfig> scanner_config_from_toml(const toml::table& t) {
  if (Status s = common::check_keys(t,
                                    {"name", "port", "baud", "data_bits", "parity", "stop_bits",
                                     "flow", "kind", "terminator", "prefix", "suffix", "aim_ids",
                                     "frame_gap", "repeat_window", "card_pattern", "card_check"},
                                    "");
      !s)
    return s;
  ScannerConfig c;
  if (!t.contains("name")) return Status::invalid("is required", "name");
  auto name = common::toml_string(t, "name", "name");
  if (!name || name->empty() || name->size() > 64)
    return Status::invalid("must be 1 to 64 characters", "name");
  c.name = *name;
  if (!t.contains("port")) return Status::invalid("is required", "port");
  auto port = common::toml_string(t, "port", "port");
  if (!port || port->empty()) return Status::invalid("must be a device path", "port");
  c.port = *port;
  auto integer = [&](const char* key, int lo, int hi, int& out) -> Status {
    if (!t.contains(key)) return Status::ok();
    auto v = common::toml_int(t, key, key, lo, hi);
    if (!v) return v.status();
    out = static_cast<int>(*v);
    return Status::ok();
  };
  if (Status s = integer("baud", 1200, 921600, c.baud); !s) return s;
  if (Status s = integer("data_bits", 5, 8, c.data_bits); !s) return s;
  if (Status s = integer("stop_bits", 1, 2, c.stop_bits); !s) return s;
  if (t.contains("parity")) {
    auto v = choice(t, "parity", kParities);
    if (!v) return v.status();
    c.parity = *v;
  }
  if (t.contains("flow")) {
    auto v = choice(t, "flow", kFlows);
    if (!v) return v.status();
    c.flow = *v;
  }
  if (t.contains("kind")) {
    auto v = choice(t, "kind", kKinds);
    if (!v) return v.status();
    c.kind = *v;
  }
  if (t.contains("terminator")) {
    auto v = choice(t, "terminator", kTerminators);
    if (!v) return v.status();
    c.terminator = *v;
  }
  for (auto [key, out] :
       {std::pair<const char*, std::string*>{"prefix", &c.prefix}, {"suffix", &c.suffix}}) {
    if (!t.contains(key)) continue;
    auto raw = common::toml_string(t, key, key);
    if (!raw) return raw.status();
    auto decoded = decode_escapes(*raw, key);
    if (!decoded) return decoded.status();
    *out = *decoded;
  }
  if (t.contains("aim_ids")) {
    auto v = choice<bool>(t, "aim_ids", {{"auto", true}, {"strip", true}, {"none", false}});
    if (!v) return v.status();
    c.aim_ids = *v;
  }
  if (t.contains("frame_gap")) {
    auto v = ms_value(t, "frame_gap", 5, 5000);
    if (!v) return v.status();
    c.frame_gap_ms = *v;
  }
  if (t.contains("repeat_window")) {
    auto v = ms_value(t, "repeat_window", 0, 60000);
    if (!v) return v.status();
    c.repeat_window_ms = *v;
  }
  if (t.contains("card_pattern")) {
    auto v = common::toml_string(t, "card_pattern", "card_pattern");
    if (!v) return v.status();
    // An empty pattern matches no card: every scan would be refused, after a config check
    // that said ok.
    if (v->empty())
      return Status::invalid("must not be empty: leave it out for the default ^[0-9]{4,32}$",
                             "card_pattern");
    try {
      std::regex check(*v);
    } catch (const std::regex_error&) {
      return Status::invalid("is not a valid regular expression", "card_pattern");
    }
    c.card_pattern = *v;
  }
  if (t.contains("card_check")) {
    auto v = choice(t, "card_check", kCardChecks);
    if (!v) return v.status();
    c.card_check = *v;
  }
  return c;
}

core::Json scanner_config_to_json(const ScannerConfig& c) {
  return {{"name", c.name},
          {"port", c.port},
          {"baud", c.baud},
          {"data_bits", c.data_bits},
          {"parity", word_for(c.parity, kParities)},
          {"stop_bits", c.stop_bits},
          {"flow", word_for(c.flow, kFlows)},
          {"kind", word_for(c.kind, kKinds)},
          {"terminator", word_for(c.terminator, kTerminators)},
          {"prefix", c.prefix},
          {"suffix", c.suffix},
          {"aim_ids", c.aim_ids ? "auto" : "none"},
          {"frame_gap", std::to_string(c.frame_gap_ms) + "ms"},
          {"repeat_window", std::to_string(c.repeat_window_ms) + "ms"},
          {"card_pattern", c.card_pattern},
          {"card_check", word_for(c.card_check, kCardChecks)}};
}

}  // namespace kopilka::drivers
