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

// A coupon code as it is matched: case folded in Latin and Cyrillic alike (programs.md:
// "case-insensitive"), so «ВЕСНА», «весна» and «Весна» are one code.
inline std::string coupon_code_key(std::string_view code) {
  return fold_name(code);
}

// The folded words of a name, split on spaces, punctuation and other non-letters of ASCII
// (a hyphenated name gives both parts); each word once, in the order first seen.
std::vector<std::string> name_words(std::string_view text);

// The least string greater than every string that starts with `prefix`, in byte order
// (prefix + U+10FFFF, the highest code point, so it is still UTF-8): a prefix search is
// `word >= prefix AND word < prefix_end(prefix)` over an index on word.
std::string prefix_end(std::string_view prefix);

}  // namespace kopilka::core
