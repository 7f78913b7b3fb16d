// JSON text written directly; see json_text.h.
#include "core/json_text.h"

#include <charconv>

#include "core/json_exact.h"
#include "core/utf8_check.h"

namespace kopilka::core {

void append_json_string(std::string& out, std::string_view s) {
  if (!well_formed_utf8(s, /*nothing_to_escape=*/true)) {
    // Escapes and the replacement of bytes that are not UTF-8 exactly as nlohmann's dump
    // does them: rare in what a register writes.
    out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
    return;
  }
  out += '"';
  out.append(s);
  out += '"';
}

void append_json_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_plain_json(std::string& out, const Json& v) {
  if (v.is_object()) {
    char sep = '{';
    for (auto it = v.begin(); it != v.end(); ++it) {
      out += sep;
      sep = ',';
      append_json_string(out, it.key());
      out += ':';
      append_plain_json(out, it.value());
    }
    out += sep == '{' ? "{}" : "}";
  } else if (v.is_array()) {
    char sep = '[';
    for (const auto& e : v) {
      out += sep;
      sep = ',';
      append_plain_json(out, e);
    }
    out += sep == '[' ? "[]" : "]";
  } else if (v.is_string()) {
    append_json_string(out, v.get_ref<const std::string&>());
  } else if (v.is_number_integer() && !v.is_number_unsigned()) {
    append_json_int(out, v.get<std::int64_t>());
  } else if (is_decimal(v)) {
    // As json_plain reads it back (a number too long for int64 becomes a double there).
    out += Json::parse(number_text(v)).dump();
  } else {
    out += v.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

}  // namespace kopilka::core
