// Name folding for search; see name_search.h.
#include "core/name_search.h"

#include <algorithm>

namespace kopilka::core {

namespace {

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_separator(unsigned char c) {
  return c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

}  // namespace

namespace {

// The code point at text[i], folded (A–Z, А–Я and Ѐ–Џ lowered, ё as е), with i moved past
// it. Bytes outside ASCII and two-byte Cyrillic come as they are, one at a time.
unsigned next_folded(std::string_view text, std::size_t& i) {
  auto c = static_cast<unsigned char>(text[i++]);
  if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
  // Cyrillic lives in two-byte sequences D0 80 … D3 BF (U+0400 … U+04FF).
  if ((c == 0xD0 || c == 0xD1) && i < text.size()) {
    auto c2 = static_cast<unsigned char>(text[i]);
    if ((c2 & 0xC0) == 0x80) {
      ++i;
      unsigned cp = ((c & 0x1Fu) << 6) | (c2 & 0x3Fu);
      if (cp >= 0x0410 && cp <= 0x042F)
        cp += 0x20;  // А–Я → а–я
      else if (cp >= 0x0400 && cp <= 0x040F)
        cp += 0x50;                   // Ѐ–Џ → ѐ–џ
      if (cp == 0x0451) cp = 0x0435;  // ё → е
      return cp;
    }
  }
  return c;
}

}  // namespace

std::string fold_name(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    const unsigned cp = next_folded(text, i);
    // A byte that is no Cyrillic letter is kept as it was (it may be part of another
    // character's sequence).
    if (i - at == 1 && cp >= 0x80)
      out += static_cast<char>(cp);
    else
      append_utf8(out, cp);
  }
  return out;
}

bool same_folded(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size())
    if (next_folded(a, i) != next_folded(b, j)) return false;
  return i == a.size() && j == b.size();
}

std::vector<std::string> name_words(std::string_view text) {
  std::string folded = fold_name(text);
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end())
      words.push_back(word);
    word.clear();
  };
  for (char ch : folded) {
    if (is_separator(static_cast<unsigned char>(ch)))
      flush();
    else
      word += ch;
  }
  flush();
  return words;
}

std::string prefix_end(std::string_view prefix) {
  return std::string(prefix) + "\xF4\x8F\xBF\xBF";
}

}  // namespace kopilka::core
