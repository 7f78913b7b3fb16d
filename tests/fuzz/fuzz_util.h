// Shared pieces of the fuzz targets: Moscow settings, a shop's program set, a card with
// points, and the sum checks every calculate answer must pass, so a parser's output can be
// driven on into the rules engine and checked there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "core/time.h"

namespace kopilka::fuzz {

// A broken invariant: stop here so libFuzzer saves the input.
inline void require(bool ok) {
  if (!ok) __builtin_trap();
}

inline const core::Settings& settings() {
  static const core::Settings s = [] {
    core::Settings s;
    s.zone = *core::locate_zone("Europe/Moscow");
    s.no_loyalty_categories = {"tobacco"};
    return s;
  }();
  return s;
}

// Documents like /work/shared/examples/programs: one of each kind a shop starts with.
inline const std::vector<std::string>& shop_documents() {
  static const std::vector<std::string> docs = {
      R"({"id": "cashback-levels", "name": "Кешбэк", "kind": "bonus",
          "levels": [{"from_spent": 4000000, "percent": 10}, {"from_spent": 10000000, "percent": 15}],
          "points": {"lifetime_days": 182, "max_redeem_percent": 10}})",
      R"({"id": "discount-scale", "name": "Скидка", "kind": "discount_scale",
          "levels": [{"from_spent": 1000000, "percent": 3}, {"from_spent": 3000000, "percent": 5}]})",
      R"({"id": "spring", "name": "ВЕСНА", "kind": "coupon", "codes": ["VESNA10"], "percent": 10,
          "uses_per_card": 1, "audience": {"anyone": true}})",
      R"({"id": "visits", "name": "3 визита", "kind": "visits", "count": 3, "within_days": 60,
          "reward": {"percent": 30}, "scope": {"categories": ["cosmetics"]}})",
      R"({"id": "birthday", "name": "ДР", "kind": "birthday", "grant": 1000, "days_before": 7,
          "points": {"lifetime_days": 14, "max_redeem_percent": 15}})",
  };
  return docs;
}

inline const core::ProgramSet& shop_programs() {
  static const core::ProgramSet set = [] {
    std::vector<core::Json> parsed;
    for (const auto& d : shop_documents()) parsed.push_back(*core::parse_json_exact(d));
    auto built = core::ProgramSet::build(parsed);
    require(built.ok());
    return std::move(*built);
  }();
  return set;
}

// A regular customer: 41 000 ₽ spent, two visits, 755 points in two lots.
inline core::CardState sample_card(const std::string& number) {
  core::CardState c;
  c.number = number;
  c.spent = 4100000;
  c.purchases = 12;
  c.visit_days = {20760, 20775};  // 2026-11-03, 2026-11-18
  c.customer =
      core::Customer{"c-1", "Анна", std::string("+79991234567"), std::nullopt, std::nullopt, {}};
  c.lots.push_back({"r-1:1/0", "cashback-levels", 20700, 20700, 20900, 500});
  c.lots.push_back({"r-1:2/0", "", 20710, 20710, std::nullopt, 255});
  return c;
}

// A calculate answer's figures add up: amount = before − discount − points for every
// line, none negative, and the receipt's sums are the lines' sums.
inline void check_calculation(const core::Json& r) {
  std::int64_t before = 0, discount = 0, points = 0, total = 0;
  for (const auto& l : r.at("lines")) {
    auto b = l.at("amount_before").get<std::int64_t>();
    auto d = l.at("discount").get<std::int64_t>();
    auto p = l.at("paid_with_points").get<std::int64_t>();
    auto a = l.at("amount").get<std::int64_t>();
    require(d >= 0 && p >= 0 && a >= 0 && a == b - d - p);
    before += b;
    discount += d;
    points += p;
    total += a;
  }
  require(r.at("total_before").get<std::int64_t>() == before);
  require(r.at("discount").get<std::int64_t>() == discount);
  require(r.at("paid_with_points").get<std::int64_t>() == points);
  require(r.at("total").get<std::int64_t>() == total);
  require(r.at("points_accrued").get<std::int64_t>() >= 0);
  require(r.at("points_redeemed").get<std::int64_t>() >= 0);
}

}  // namespace kopilka::fuzz
