// JSON text written directly; see json_text.h.
#include "core/json_text.h"

#include <charconv>

#include "core/json_exact.h"

namespace kopilka::core {

namespace {

// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF) with nothing to escape: what nlohmann's dump copies as it is.
bool copies_as_is(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      if (c < 0x20 || c == '"' || c == '\\') return false;
      ++p;
      continue;
    }
    int more;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the byte after the first
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (end - p <= more) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (int i = 2; i <= more; ++i)
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    p += more + 1;
  }
  return true;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  if (!copies_as_is(s)) {
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
