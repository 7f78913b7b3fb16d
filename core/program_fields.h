// Reading one object of a program document (programs.md): typed fields with the limits
// programs have, each error naming the field by its JSON path ("levels[1].percent"), and
// the parsers of the common fields and of each kind. Internal to core (program_parse.cc,
// program_common.cc, program_kinds.cc).
#pragma once

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/json_exact.h"
#include "core/json_fields.h"
#include "core/program.h"
#include "core/status.h"
#include "core/utf8_length.h"

namespace kopilka::core {

inline constexpr std::int64_t kMaxPoints = 1'000'000'000;
inline constexpr int kMaxDays = 36600;

// Stores a value read into a Program's field `out`, or passes its error on.
template <typename V, typename T>
Status assign(const Result<V>& value, T& out) {
  if (!value) return value.status();
  out = static_cast<T>(*value);
  return Status::ok();
}

// Reads the fields of one JSON object, naming each by its path.
class ProgramFields {
 public:
  ProgramFields(const Json& obj, std::string path) : obj_(obj), path_(std::move(path)) {}

  std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(const char* key) const { return obj_.contains(key); }
  const Json& operator[](const char* key) const { return obj_[key]; }

  Status only(const std::set<std::string>& allowed) const {
    for (auto it = obj_.begin(); it != obj_.end(); ++it) {
      if (!allowed.count(it.key()))
        return Status::invalid("is not a field of this program kind", at(it.key()));
    }
    return Status::ok();
  }
  Result<std::string> string(const char* key, std::size_t max = 256) const {
    auto s = string_field(obj_, key);
    if (!s) return s.status().under(path_);
    if (utf8_length(*s) > max)  // characters, as pos-api.md counts them, not bytes
      return Status::invalid("is longer than " + std::to_string(max) + " characters", at(key));
    return s;
  }
  Result<bool> boolean(const char* key) const {
    auto v = bool_field(obj_, key);
    if (!v) return v.status().under(path_);
    return v;
  }
  Result<std::int64_t> integer(const char* key, std::int64_t lo, std::int64_t hi) const {
    auto v = integer_field(obj_, key);
    if (!v) return v.status().under(path_);
    if (*v < lo || *v > hi)
      return Status::invalid("must be from " + std::to_string(lo) + " to " + std::to_string(hi),
                             at(key));
    return *v;
  }
  Result<PercentBp> percent(const char* key, const std::string& path_override = {}) const {
    std::string where = path_override.empty() ? at(key) : path_override;
    auto v = json_scaled(obj_[key], kPercentPlaces);
    if (!v) {
      std::string m = v.status().message();
      if (m.find("decimal places") != std::string::npos) m = "may have at most two decimals (12.5)";
      return Status::invalid("a percent " + m, where);
    }
    if (*v <= 0 || *v > 10000) return Status::invalid("must be more than 0 and at most 100", where);
    return static_cast<PercentBp>(*v);
  }
  Result<std::vector<std::string>> strings(const char* key) const {
    const Json& v = obj_[key];
    if (!v.is_array()) return Status::invalid("must be an array of strings", at(key));
    if (v.size() > 1000) return Status::invalid("has more than 1000 items", at(key));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string() || v[i].get<std::string>().empty() ||
          utf8_length(v[i].get<std::string>()) > 256)
        return Status::invalid("must be a non-empty string of at most 256 characters",
                               at(key) + "[" + std::to_string(i) + "]");
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }
  Result<Day> date(const char* key) const {
    auto d = date_field(obj_, key);
    if (!d) return d.status().under(path_);
    return d;
  }
  // A nested object ("valid", "points", ...), its fields named under this one's path.
  Result<ProgramFields> object(const char* key) const {
    if (!obj_[key].is_object()) return Status::invalid("must be an object", at(key));
    return ProgramFields(obj_[key], at(key));
  }

  // Optional members read into a Program's field: an absent one leaves it as it is.
  Status optional_bool(const char* key, bool& out) const {
    return has(key) ? assign(boolean(key), out) : Status::ok();
  }
  template <typename T>
  Status optional_integer(const char* key, std::int64_t lo, std::int64_t hi, T& out) const {
    return has(key) ? assign(integer(key, lo, hi), out) : Status::ok();
  }
  Status optional_percent(const char* key, PercentBp& out) const {
    return has(key) ? assign(percent(key), out) : Status::ok();
  }
  Status optional_strings(const char* key, std::vector<std::string>& out) const {
    return has(key) ? assign(strings(key), out) : Status::ok();
  }
  Status optional_date(const char* key, std::optional<Day>& out) const {
    return has(key) ? assign(date(key), out) : Status::ok();
  }
  // A bare date ("2026-11-24", that day in the register's zone) into `day`, or an RFC 3339
  // time ("2026-11-24T12:00:00+03:00") into `time` (programs.md "Units").
  Status optional_date_or_time(const char* key, std::optional<Day>& day,
                               std::optional<Instant>& time) const {
    if (!has(key)) return Status::ok();
    auto text = string(key, 64);
    if (!text) return text.status();
    if (text->size() <= 10) return assign(date(key), day);
    auto t = parse_business_time(*text);
    if (!t)
      return Status::invalid(
          "is not a date (YYYY-MM-DD) or an RFC 3339 time: " + t.status().message(), at(key));
    time = *t;
    return Status::ok();
  }

 private:
  const Json& obj_;
  std::string path_;
};

// The first error of reads made in order (a braced list is evaluated left to right).
inline Status first_error(std::initializer_list<Status> reads) {
  for (const Status& s : reads)
    if (!s) return s;
  return Status::ok();
}

// Common fields of every kind: enabled, priority, stack, valid, schedule, audience, scope.
Status parse_common(const ProgramFields& f, Program& p);
// A scope object ("scope", "get_scope"): categories, skus, exclude_categories.
Status parse_scope(const ProgramFields& f, const char* key, std::vector<std::string>& categories,
                   std::vector<std::string>& skus, std::vector<std::string>& exclude);
// The optional points block of a kind that grants points.
Status parse_points(const ProgramFields& f, Program& p);
// The fields of p.kind.
Status parse_kind(const ProgramFields& f, Program& p);

}  // namespace kopilka::core
