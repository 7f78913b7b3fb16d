// The first name in a customer's name; see first_name.h.
#include "core/first_name.h"

#include <array>
#include <vector>

#include "core/name_search.h"

namespace kopilka::core {

namespace {

bool ends_with_any(const std::string& word, std::initializer_list<std::string_view> endings) {
  for (std::string_view e : endings)
    if (word.size() > e.size() + 2 && word.compare(word.size() - e.size(), e.size(), e) == 0)
      return true;
  return false;
}

// Endings almost only surnames have (in fold_name's lower case, ё as е).
bool surname_for_sure(const std::string& w) {
  return ends_with_any(
      w, {"ов", "ова", "ев", "ева", "ский", "ская", "цкий", "цкая", "енко", "швили", "дзе", "ян"});
}

// First names with a surname's ending, the common ones.
bool first_name_ending_so(const std::string& w) {
  static constexpr std::array<std::string_view, 20> kNames = {
      "марина", "ирина",  "кристина", "алина",   "полина",   "галина",    "нина",
      "дина",   "карина", "арина",    "регина",  "ангелина", "валентина", "екатерина",
      "зарина", "элина",  "эвелина",  "альбина", "каролина", "мадина"};
  for (std::string_view n : kNames)
    if (w == n) return true;
  return false;
}

// Endings surnames share with first names (Пушкина, but Марина, Ирина).
bool surname_maybe(const std::string& w) {
  return ends_with_any(w, {"ин", "ина", "ын", "ына"}) && !first_name_ending_so(w);
}

bool patronymic(const std::string& w) {
  return ends_with_any(w, {"вна", "чна", "вич", "ьич", "ич"});
}

}  // namespace

std::string first_name(std::string_view full_name) {
  std::vector<std::string_view> words;
  std::size_t at = 0;
  while (at < full_name.size()) {
    while (at < full_name.size() && full_name[at] == ' ') ++at;
    std::size_t end = full_name.find(' ', at);
    if (end == std::string_view::npos) end = full_name.size();
    if (end > at) words.push_back(full_name.substr(at, end - at));
    at = end;
  }
  if (words.empty()) return "";
  if (words.size() >= 2) {
    const std::string a = fold_name(words[0]), b = fold_name(words[1]);
    const bool b_is_surname_or_patronymic = surname_for_sure(b) || patronymic(b);
    if (surname_for_sure(a) && !b_is_surname_or_patronymic) return std::string(words[1]);
    if (surname_maybe(a) && !b_is_surname_or_patronymic && !surname_maybe(b))
      return std::string(words[1]);
  }
  return std::string(words[0]);
}

}  // namespace kopilka::core
