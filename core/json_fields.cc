// Typed JSON members; see json_fields.h.
#include "core/json_fields.h"

namespace kopilka::core {

Result<std::string> string_value(const Json& v, const std::string& field) {
  if (!v.is_string()) return Status::invalid("must be a string", field);
  return v.get<std::string>();
}

Result<std::string> string_field(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return Status::invalid("must be a string", key);
  return it->get_ref<const std::string&>();
}

Result<std::int64_t> integer_field(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::invalid("is missing", key);
  auto v = json_integer(*it);
  if (!v) return Status::invalid(v.status().message(), key);
  return *v;
}

Result<Day> date_field(const Json& obj, const char* key) {
  auto s = string_field(obj, key);
  if (!s) return s.status();
  auto d = parse_date(*s);
  if (!d) return Status::invalid(d.status().message(), key);
  return *d;
}

Result<std::optional<Day>> optional_date_field(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<Day>();
  auto d = date_field(obj, key);
  if (!d) return d.status();
  return std::optional<Day>(*d);
}

Result<bool> bool_field(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_boolean()) return Status::invalid("must be true or false", key);
  return it->get<bool>();
}

Result<std::string> string_item(const Json& v) {
  return string_value(v);
}

Result<Day> date_item(const Json& v) {
  if (!v.is_string()) return Status::invalid("must be a date");
  return parse_date(v.get<std::string>());
}

Result<std::int64_t> integer_item(const Json& v) {
  return json_integer(v);
}

}  // namespace kopilka::core
