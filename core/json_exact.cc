// Exact JSON parsing through nlohmann's SAX interface; see json_exact.h.
#include "core/json_exact.h"

#include <vector>

#include "core/decimal.h"

namespace kopilka::core {

namespace {

// Builds a DOM like nlohmann's own SAX DOM parser, but tags floats as decimals.
class ExactDomBuilder {
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

}  // namespace

Result<Json> parse_json_exact(std::string_view text) {
  ExactDomBuilder builder;
  bool ok = Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json,
                            /*strict=*/true, /*ignore_comments=*/false);
  if (!ok) {
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
