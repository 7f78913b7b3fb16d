// Template rendering with plural forms (message_template.h).
#include "core/message_template.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace kopilka::core {

PluralForm russian_plural(long long n) {
  unsigned long long a =
      n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  unsigned long long last = a % 10, last_two = a % 100;
  if (last == 1 && last_two != 11) return PluralForm::kOne;
  if (last >= 2 && last <= 4 && (last_two < 12 || last_two > 14)) return PluralForm::kFew;
  return PluralForm::kMany;
}

namespace {

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

std::vector<std::string> split_bar(const std::string& inside) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : inside) {
    if (c == '|') {
      parts.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(std::move(cur));
  return parts;
}

// Walks the template, calling `on_text` for literal text and `on_field` for each {…}.
template <typename Text, typename Field>
Status walk(const std::string& text, Text on_text, Field on_field) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find_first_of("{}", i);
    if (open == std::string::npos) {
      on_text(text.substr(i));
      break;
    }
    if (text[open] == '}')
      return Status::invalid("a '}' without its '{' at character " + std::to_string(open + 1));
    on_text(text.substr(i, open - i));
    std::size_t close = text.find_first_of("{}", open + 1);
    if (close == std::string::npos || text[close] == '{')
      return Status::invalid("a '{' without its '}' at character " + std::to_string(open + 1));
    auto parts = split_bar(text.substr(open + 1, close - open - 1));
    if (!valid_name(parts[0]))
      return Status::invalid("\"" + parts[0] + "\" at character " + std::to_string(open + 1) +
                             " is not a placeholder name (letters, digits, _)");
    if (parts.size() != 1 && parts.size() != 3 && parts.size() != 4)
      return Status::invalid("{" + parts[0] +
                             "|…} needs two plural forms (English) or three (Russian)");
    if (Status s = on_field(parts); !s) return s;
    i = close + 1;
  }
  return Status::ok();
}

}  // namespace

Status check_template(const std::string& text) {
  return walk(
      text, [](const std::string&) {},
      [](const std::vector<std::string>&) { return Status::ok(); });
}

Status check_template(const std::string& text, std::size_t forms,
                      const std::vector<std::string>& numbers) {
  return walk(
      text, [](const std::string&) {},
      [&](const std::vector<std::string>& parts) -> Status {
        if (parts.size() == 1) return Status::ok();
        if (std::find(numbers.begin(), numbers.end(), parts[0]) == numbers.end())
          return Status::invalid("{" + parts[0] + "|…}: " + parts[0] +
                                 " is not a number, so it has no plural forms");
        if (parts.size() - 1 != forms)
          return Status::invalid("{" + parts[0] + "|…} needs " +
                                 (forms == 3
                                      ? "three plural forms in Russian (бонус|бонуса|бонусов)"
                                      : "two plural forms in English (point|points)"));
        return Status::ok();
      });
}

Result<std::string> render_template(const std::string& text, const TemplateValues& values) {
  std::string out;
  Status s = walk(
      text, [&](const std::string& t) { out += t; },
      [&](const std::vector<std::string>& parts) -> Status {
        auto it = values.find(parts[0]);
        if (it == values.end()) return Status::invalid("no value for {" + parts[0] + "}");
        if (parts.size() == 1) {
          out += it->second;
          return Status::ok();
        }
        long long n = 0;
        const std::string& v = it->second;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        bool whole = ec == std::errc() && end == v.data() + v.size();
        if (parts.size() == 3) {  // English: one, other
          out += whole && (n == 1 || n == -1) ? parts[1] : parts[2];
          return Status::ok();
        }
        if (!whole) {
          out += parts[3];
          return Status::ok();
        }
        switch (russian_plural(n)) {
          case PluralForm::kOne:
            out += parts[1];
            break;
          case PluralForm::kFew:
            out += parts[2];
            break;
          case PluralForm::kMany:
            out += parts[3];
            break;
        }
        return Status::ok();
      });
  if (!s) return s;
  return out;
}

}  // namespace kopilka::core
