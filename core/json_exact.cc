// Exact JSON parsing; see json_exact.h. The text is read by RapidJSON's SAX reader (numbers
// handed over as their literal text) and the tree built as nlohmann's own DOM parser would,
// with decimals tagged. nlohmann's lexer reads a byte at a time through an input adapter:
// it was most of the time head office spent on a push and a register on a confirm's body.
#include "core/json_exact.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/decimal.h"
#include "core/utf8_check.h"

namespace kopilka::core {

namespace {

// Builds the tree from RapidJSON's events: integers that fit int64 as integers, every other
// number as a decimal holding its literal text.
class ExactDomBuilder {
 public:
  using Ch = char;
  using SizeType = rapidjson::SizeType;

  bool Null() { return put(Json(nullptr)); }
  bool Bool(bool v) { return put(Json(v)); }
  // Never called: the reader hands every number to RawNumber.
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(std::int64_t) { return false; }
  bool Uint64(std::uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* text, SizeType length, bool) {
    std::string_view literal(text, length);
    if (literal.find_first_of(".eE") == std::string_view::npos) {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(literal.data(), literal.data() + literal.size(), v);
      if (ec == std::errc() && end == literal.data() + literal.size()) return put(Json(v));
    } else if (literal.find_first_of("eE") != std::string_view::npos &&
               !std::isfinite(std::strtod(std::string(literal).c_str(), nullptr))) {
      // As nlohmann refused them, so a stored document reads the same: 1e400 is no number.
      // Not repeated in the message: what a body holds may be a bank card's number.
      return fail_at("a number too large for any field");
    }
    return put(
        Json::binary(std::vector<std::uint8_t>(literal.begin(), literal.end()), kDecimalSubtype));
  }
  bool String(const char* text, SizeType length, bool) {
    std::string_view v(text, length);
    // RapidJSON lets a lone \uDC00 through as bytes that are not UTF-8, and is not asked to
    // check the rest: one pass here does both.
    if (!well_formed_utf8(v)) return fail_at("invalid UTF-8 in a string");
    return put(Json(std::string(v)));
  }

  bool StartObject() {
    if (!put(Json::object())) return false;
    return push();
  }
  bool Key(const char* text, SizeType length, bool) {
    std::string_view k(text, length);
    if (!well_formed_utf8(k)) return fail_at("invalid UTF-8 in a key");
    // One lookup inserts the member (null until its value comes) and finds a duplicate.
    auto& members = stack_.back()->get_ref<Json::object_t&>();
    auto [it, inserted] = members.emplace(std::string(k), nullptr);
    if (!inserted) {
      field_ = path_to(it->first);
      return fail("duplicate key \"" + it->first + "\"");
    }
    keys_.back() = it->first;
    pending_value_ = &it->second;
    return true;
  }
  bool EndObject(SizeType) {
    stack_.pop_back();
    keys_.pop_back();
    return true;
  }
  bool StartArray() {
    if (!put(Json::array())) return false;
    return push();
  }
  bool EndArray(SizeType) {
    stack_.pop_back();
    keys_.pop_back();
    return true;
  }

  Json take() { return std::move(root_); }
  const std::string& error() const { return error_; }
  const std::string& field() const { return field_; }
  // A refusal of the builder's own that needs the reader's position in its message.
  bool wants_offset() const { return wants_offset_; }

 private:
  bool put(Json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      last_ = &root_;
      return true;
    }
    Json& parent = *stack_.back();
    if (parent.is_object()) {
      *pending_value_ = std::move(v);
      last_ = pending_value_;
    } else {
      parent.push_back(std::move(v));
      last_ = &parent.back();
    }
    return true;
  }
  bool push() {
    if (stack_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) {
      return fail("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    stack_.push_back(last_);
    keys_.emplace_back();
    return true;
  }
  // Where `key` is in the innermost object, as a field name ("lines[2].price").
  std::string path_to(const std::string& key) const {
    std::string path = innermost_path();
    return path + (path.empty() ? "" : ".") + key;
  }
  // The innermost open object's or array's own field name ("lines[2]"; "" for the root).
  std::string innermost_path() const {
    std::string path;
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
      if (stack_[i]->is_array()) {
        path += "[" + std::to_string(stack_[i]->size() - 1) + "]";
      } else {
        path += (path.empty() ? "" : ".") + keys_[i];
      }
    }
    return path;
  }

 public:
  // Where the value the reader is reading goes, as a field name: a number too large for
  // the reader to take is refused naming its field, as any absurd amount is.
  std::string reading_path() const {
    if (stack_.empty()) return {};
    if (stack_.back()->is_object()) return path_to(keys_.back());
    return innermost_path() + "[" + std::to_string(stack_.back()->size()) + "]";
  }

 private:
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }
  bool fail_at(std::string message) {
    wants_offset_ = true;
    return fail(std::move(message));
  }

  Json root_;
  Json* last_ = nullptr;
  std::vector<Json*> stack_;
  Json* pending_value_ = nullptr;  // the member of the innermost object its value goes to
  std::vector<std::string> keys_;  // per open object: the key whose value is being read
  std::string error_;
  std::string field_;
  bool wants_offset_ = false;
};

constexpr unsigned kReadFlags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseInsituFlag;

}  // namespace

Result<Json> parse_json_exact(std::string_view text) {
  // The reader takes a NUL byte for the end of the text, so "{}\0junk" would pass: JSON
  // has no raw NUL anywhere (a string writes \u0000). The copy below ends in one.
  if (const void* nul = std::memchr(text.data(), 0, text.size()))
    return Status::invalid("malformed JSON at byte " +
                           std::to_string(static_cast<const char*>(nul) - text.data()) +
                           ": a NUL byte");
  ExactDomBuilder builder;
  // Read in place, from a copy: strings are decoded where they stand and numbers handed
  // over where they stand, so the reader's own stack is never used. (Debian's RapidJSON
  // 1.1 grows that stack from a null pointer, which UBSan rightly reports.)
  std::string buffer(text);
  rapidjson::InsituStringStream stream(buffer.data());
  rapidjson::Reader reader;
  rapidjson::ParseResult result = reader.Parse<kReadFlags>(stream, builder);
  if (result.IsError()) {
    const std::string at = "malformed JSON at byte " + std::to_string(result.Offset()) + ": ";
    if (result.Code() == rapidjson::kParseErrorNumberTooBig)
      return Status::invalid("is a number too large (" + at.substr(0, at.size() - 2) + ")",
                             builder.reading_path());
    if (result.Code() != rapidjson::kParseErrorTermination)
      return Status::invalid(at + rapidjson::GetParseError_En(result.Code()));
    if (builder.wants_offset()) return Status::invalid(at + builder.error());
    return Status::invalid(builder.error().empty() ? "malformed JSON" : builder.error(),
                           builder.field());
  }
  return builder.take();
}

bool is_decimal(const Json& v) {
  return v.is_binary() && v.get_binary().has_subtype() &&
         v.get_binary().subtype() == kDecimalSubtype;
}

std::string number_text(const Json& v) {
  if (is_decimal(v)) {
    const auto& b = v.get_binary();
    return std::string(b.begin(), b.end());
  }
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return {};
}

Result<std::int64_t> json_scaled(const Json& v, int places, bool allow_string) {
  if (v.is_number_integer() && !v.is_number_unsigned()) {
    auto scale = std::int64_t{1};
    for (int p = 0; p < places; ++p) scale *= 10;
    auto r = checked_mul(v.get<std::int64_t>(), scale);
    if (!r) return Status::invalid("is out of range");
    return *r;
  }
  if (v.is_number_unsigned()) return json_scaled(Json(v.get<std::int64_t>()), places, false);
  if (is_decimal(v)) return parse_scaled_decimal(number_text(v), places);
  if (allow_string && v.is_string()) return parse_scaled_decimal(v.get<std::string>(), places);
  return Status::invalid(allow_string ? "must be a number or a decimal string"
                                      : "must be a number");
}

Result<std::int64_t> json_integer(const Json& v) {
  auto r = json_scaled(v, 0, false);
  if (!r && is_decimal(v) && r.status().message().find("decimal places") != std::string::npos) {
    return Status::invalid("must be a whole number");
  }
  return r;
}

Json json_plain(const Json& v) {
  if (is_decimal(v)) return Json::parse(number_text(v));
  if (v.is_object()) {
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = json_plain(it.value());
    return out;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& e : v) out.push_back(json_plain(e));
    return out;
  }
  return v;
}

Result<Json> parse_stored(std::string_view text, const std::string& what) {
  auto j = parse_json_exact(text);
  if (!j) return Status::corrupt(what + " is damaged: " + j.status().message());
  return std::move(*j);
}

Result<Json> parse_stored_plain(std::string_view text, const std::string& what) {
  auto j = parse_stored(text, what);
  if (!j) return j.status();
  return json_plain(*j);
}

}  // namespace kopilka::core
