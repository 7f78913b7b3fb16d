// "Did you mean …?" for a mistyped key or command: the known word nearest to what was
// typed, by edit distance. Pure; used by the config loaders and the command line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kopilka::common {

// Levenshtein distance (insert, delete, substitute; a swap of neighbours counts as one).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `typed` when it is close enough to be a typo (at most 1 edit
// for words up to 4 letters, 2 up to 8, 3 beyond), or "" when none is. Ties go to the
// earlier candidate.
std::string nearest_word(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace kopilka::common
