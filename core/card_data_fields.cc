// See card_data_fields.h.
#include "core/card_data_fields.h"

#include "core/payment_card.h"

namespace kopilka::core {

namespace {

std::optional<std::string> card_data_at(const Json& j, const std::string& path) {
  if (j.is_string()) {
    if (check_free_text(j.get_ref<const std::string&>(), path)) return std::nullopt;
    return path;
  }
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key().find("password") != std::string::npos) continue;
      const std::string at = path.empty() ? it.key() : path + "." + it.key();
      // A key holding it is named by where it is, not by itself: the answer never echoes it.
      if (!check_free_text(it.key(), at)) return path.empty() ? "(a key)" : path + ".(a key)";
      if (auto found = card_data_at(it.value(), at)) return found;
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto found = card_data_at(j[i], path + "[" + std::to_string(i) + "]")) return found;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> field_with_card_data(const Json& j) {
  return card_data_at(j, "");
}

}  // namespace kopilka::core
