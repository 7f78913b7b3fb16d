// Typed members of a JSON object, read once each (find, not contains-then-fetch: head
// office reads every pushed entry at the shift-close storm). Every reader of a stored,
// synced or posted document in core uses these, so a missing or mistyped field is reported
// the same way everywhere: the Status names the member, and nested readers prefix it with
// Status::under.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"

namespace kopilka::core {

// A string value, `field` naming it in the error ("must be a string").
Result<std::string> string_value(const Json& v, const std::string& field = {});
// A string member ("must be a string" when missing or not a string).
Result<std::string> string_field(const Json& obj, const char* key);
// A whole-number member ("is missing", or json_integer's error).
Result<std::int64_t> integer_field(const Json& obj, const char* key);
// A "YYYY-MM-DD" member.
Result<Day> date_field(const Json& obj, const char* key);
// A "YYYY-MM-DD" member that may be missing or null.
Result<std::optional<Day>> optional_date_field(const Json& obj, const char* key);
// true or false ("must be true or false").
Result<bool> bool_field(const Json& obj, const char* key);

// Each item of the array member `key`, read with `parse` (Json → Result<T>) and appended to
// `out`; an item's error is named "key[i]…". With `optional`, a missing member is empty.
template <typename T, typename F>
Status array_field(const Json& obj, const char* key, std::vector<T>& out, F parse,
                   bool optional = false) {
  auto it = obj.find(key);
  if (it == obj.end() && optional) return Status::ok();
  if (it == obj.end() || !it->is_array()) return Status::invalid("must be an array", key);
  for (std::size_t i = 0; i < it->size(); ++i) {
    auto item = parse((*it)[i]);
    if (!item) return item.status().under(std::string(key) + "[" + std::to_string(i) + "]");
    out.push_back(std::move(*item));
  }
  return Status::ok();
}

// Each member of the object member `key`, read with `parse`; an error is named "key.name".
template <typename T, typename F>
Status map_field(const Json& obj, const char* key, std::map<std::string, T>& out, F parse) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_object()) return Status::invalid("must be an object", key);
  for (auto e = it->begin(); e != it->end(); ++e) {
    auto item = parse(e.value());
    if (!item) return item.status().under(std::string(key) + "." + e.key());
    out[e.key()] = std::move(*item);
  }
  return Status::ok();
}

// Item readers for array_field/map_field.
Result<std::string> string_item(const Json& v);
Result<Day> date_item(const Json& v);
Result<std::int64_t> integer_item(const Json& v);

}  // namespace kopilka::core
