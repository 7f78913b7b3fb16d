// Birthday gifts journalled twice; see repeated_gifts.h.
#include "office/repeated_gifts.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace kopilka::office {

std::set<std::string> repeated_gifts(const std::vector<GiftEntry>& entries) {
  using Grant = std::tuple<std::string, std::string, std::int64_t>;  // card, program, year
  using Order = std::pair<std::int64_t, std::string>;                // received, entry id
  std::map<Grant, Order> first;
  std::vector<std::pair<Order, std::vector<Grant>>> gifts;
  for (const GiftEntry& e : entries) {
    if (!e.effects || !e.effects->is_object()) continue;
    const core::Json& grants = e.effects->value("birthday_grants", core::Json::array());
    if (!grants.is_array()) continue;
    Order order{e.received, e.id};
    std::vector<Grant> of_entry;
    for (const core::Json& g : grants)
      if (g.is_object() && g.value("program", core::Json()).is_string() &&
          g.value("year", core::Json()).is_number_integer())
        of_entry.emplace_back(e.card, g["program"].get<std::string>(),
                              g["year"].get<std::int64_t>());
    for (const Grant& g : of_entry) {
      auto [at, fresh] = first.try_emplace(g, order);
      if (!fresh && order < at->second) at->second = order;
    }
    gifts.emplace_back(std::move(order), std::move(of_entry));
  }
  std::set<std::string> repeated;
  for (const auto& gift : gifts) {
    const Order& order = gift.first;
    const std::vector<Grant>& grants = gift.second;
    if (!grants.empty() && std::all_of(grants.begin(), grants.end(),
                                       [&](const Grant& g) { return first.at(g) != order; }))
      repeated.insert(order.second);
  }
  return repeated;
}

}  // namespace kopilka::office
