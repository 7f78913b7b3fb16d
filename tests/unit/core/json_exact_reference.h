// The exact JSON reader as it was built on nlohmann's own lexer: the oracle the RapidJSON
// reader (core/json_exact.cc) is compared with, so stored documents read the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_exact.h"

namespace kopilka::core::reference {

// Builds a DOM like nlohmann's own SAX DOM parser, but tags floats as decimals.
class ReferenceDomBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(number_unsigned_t v) {
    if (v > static_cast<number_unsigned_t>(INT64_MAX)) return put(decimal(std::to_string(v)));
    return put(Json(static_cast<number_integer_t>(v)));
  }
  bool number_float(number_float_t, const string_t& text) { return put(decimal(text)); }
  bool string(string_t& v) { return put(Json(std::move(v))); }
  bool binary(binary_t&) { return fail("binary values are not JSON"); }

  bool start_object(std::size_t) {
    if (!put(Json::object())) return false;
    return push();
  }
  bool key(string_t& k) {
    // One lookup inserts the member (null until its value comes) and finds a duplicate.
    auto& members = stack_.back()->get_ref<Json::object_t&>();
    auto [it, inserted] = members.emplace(std::move(k), nullptr);
    if (!inserted) {
      field_ = path_to(it->first);
      return fail("duplicate key \"" + it->first + "\"");
    }
    keys_.back() = it->first;
    pending_value_ = &it->second;
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    keys_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    if (!put(Json::array())) return false;
    return push();
  }
  bool end_array() {
    stack_.pop_back();
    keys_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // nlohmann's message is technical but precise ("syntax error while parsing object
    // - unexpected end of input; expected '}'"); keep it, after the offset.
    std::string what = e.what();
    auto cut = what.find("] ");
    if (cut != std::string::npos) what = what.substr(cut + 2);
    error_ = "malformed JSON at byte " + std::to_string(position) + ": " + what;
    return false;
  }

  Json take() { return std::move(root_); }
  const std::string& error() const { return error_; }
  const std::string& field() const { return field_; }

 private:
  static Json decimal(const std::string& text) {
    return Json::binary(std::vector<std::uint8_t>(text.begin(), text.end()), kDecimalSubtype);
  }

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
    std::string path;
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
      if (stack_[i]->is_array()) {
        path += "[" + std::to_string(stack_[i]->size() - 1) + "]";
      } else {
        path += (path.empty() ? "" : ".") + keys_[i];
      }
    }
    return path + (path.empty() ? "" : ".") + key;
  }
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  Json root_;
  Json* last_ = nullptr;
  std::vector<Json*> stack_;
  Json* pending_value_ = nullptr;  // the member of the innermost object its value goes to
  std::vector<std::string> keys_;  // per open object: the key whose value is being read
  std::string error_;
  std::string field_;
};

// nullopt when nlohmann refuses the text; the error text differs between the two readers.
inline std::optional<Json> parse_json_exact_reference(std::string_view text) {
  ReferenceDomBuilder builder;
  bool ok = Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json,
                            /*strict=*/true, /*ignore_comments=*/false);
  if (!ok) return std::nullopt;
  return builder.take();
}

}  // namespace kopilka::core::reference
