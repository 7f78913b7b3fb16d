// Names folded for search, so that "анна", "АННА" and "Анна" find one customer and ё is е:
// head office keeps each customer's name as folded words and matches a query's words as
// prefixes of them (docs/office.md "Customers").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kopilka::core {

// Lower case for ASCII and Cyrillic letters (Ё and ё become е); other bytes are kept.
std::string fold_name(std::string_view text);

// fold_name(a) == fold_name(b), without building either.
bool same_folded(std::string_view a, std::string_view b);

// A coupon code as it is matched: case folded in Latin and Cyrillic alike (programs.md:
// "case-insensitive"), so «ВЕСНА», «весна» and «Весна» are one code; spaces around it (a
// scanner's, a cashier's) are not part of it.
inline std::string coupon_code_key(std::string_view code) {
  const auto first = code.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  return fold_name(code.substr(first, code.find_last_not_of(" \t\r\n") - first + 1));
}

// The folded words of a name, split on spaces, punctuation and other non-letters of ASCII
// (a hyphenated name gives both parts); each word once, in the order first seen.
std::vector<std::string> name_words(std::string_view text);

// The least string greater than every string that starts with `prefix`, in byte order
// (prefix + U+10FFFF, the highest code point, so it is still UTF-8): a prefix search is
// `word >= prefix AND word < prefix_end(prefix)` over an index on word.
std::string prefix_end(std::string_view prefix);

}  // namespace kopilka::core
