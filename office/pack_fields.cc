// The text of the report tables' packs; see pack_fields.h.
#include "office/pack_fields.h"

#include <algorithm>

namespace kopilka::office {

namespace {

bool special(char c) {
  return c == '\\' || c == '\t' || c == '\n';
}

}  // namespace

void append_field(std::string& out, std::string_view v) {
  // Most fields need no escape: a plain loop finds that sooner than find_first_of.
  if (std::none_of(v.begin(), v.end(), special)) {
    out += v;
    return;
  }
  for (const char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

std::optional<std::string> unescaped(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      out += v[i];
      continue;
    }
    if (++i == v.size()) return std::nullopt;
    const char c = v[i];
    if (c != '\\' && c != 't' && c != 'n') return std::nullopt;
    out += c == 't' ? '\t' : c == 'n' ? '\n' : '\\';
  }
  return out;
}

std::string line_start(std::string_view key) {
  std::string start = "\n";
  append_field(start, key);
  return start += '\t';
}

bool split_fields(std::string_view line, std::string_view* fields, std::size_t n) {
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return false;
    fields[i] = line.substr(0, tab);
    line.remove_prefix(tab + 1);
  }
  if (line.find('\t') != std::string_view::npos) return false;
  fields[n - 1] = line;
  return true;
}

}  // namespace kopilka::office
