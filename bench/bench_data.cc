// Benchmark data: programs of every kind, cards, receipts. See bench_data.h.
#include "bench/bench_data.h"

#include <algorithm>
#include <array>

namespace kopilka::bench {

namespace {

const std::array<const char*, 8> kCategories = {"cosmetics", "haircut", "food", "drinks",
                                                "household", "clothes", "toys", "tobacco"};

std::string two(int v) {
  return (v < 10 ? "0" : "") + std::to_string(v);
}

}  // namespace

std::vector<core::Json> make_programs(int count) {
  std::vector<core::Json> out;
  for (int i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    const std::string category = kCategories[i % 7];  // never tobacco: no loyalty there
    const int percent = 3 + i % 12;
    core::Json p;
    switch (i % 11) {
      case 0:
        p = {{"kind", "discount"},
             {"percent", percent},
             {"audience", {{"groups", {"discount-card"}}}}};
        break;
      case 1:
        p = {{"kind", "discount_scale"},
             {"levels",
              {{{"from_spent", 1000000}, {"percent", 3}},
               {{"from_spent", 3000000}, {"percent", 5}},
               {{"from_spent", 7000000}, {"percent", 7}}}}};
        break;
      case 2:
        p = {{"kind", "bonus"},
             {"levels",
              {{{"from_spent", 0}, {"percent", 5}},
               {{"from_spent", 4000000}, {"percent", 10}},
               {{"from_spent", 10000000}, {"percent", 15}}}},
             {"points", {{"lifetime_days", 182}, {"max_redeem_percent", 10 + i % 20}}}};
        break;
      case 3:
        p = {{"kind", "bonus"},
             {"percent", 5},
             {"first_purchase_only", true},
             {"points", {{"lifetime_days", 30}, {"max_redeem_percent", 15}}}};
        break;
      case 4:
        p = {{"kind", "birthday"},
             {"grant", 500 + 100 * (i % 10)},
             {"days_before", 7},
             {"points", {{"lifetime_days", 14}, {"max_redeem_percent", 15}}}};
        break;
      case 5:
        p = {{"kind", "visits"},
             {"count", 3},
             {"within_days", 60},
             {"reward", {{"percent", 20}}},
             {"scope", {{"categories", {category}}}}};
        break;
      case 6:
        p = {{"kind", "coupon"},   {"codes", {"CODE" + n}}, {"percent", percent},
             {"uses_per_card", 1}, {"uses_total", 100000},  {"audience", {{"anyone", true}}}};
        break;
      case 7:
        p = {{"kind", "threshold"}, {"min_total", 500000}, {"percent", percent}};
        break;
      case 8:
        p = {{"kind", "volume"},
             {"min_qty", 3},
             {"percent", percent},
             {"scope", {{"categories", {category}}}},
             {"stack", true}};
        break;
      case 9:
        p = {{"kind", "next_purchase"},
             {"min_total", 300000},
             {"reward", {{"percent", 10}}},
             {"valid_days", 30}};
        break;
      default:
        p = {{"kind", "discount"},
             {"percent", percent},
             {"audience", {{"anyone", true}}},
             {"scope", {{"categories", {category}}}},
             {"schedule",
              {{"days", {"mon", "tue", "wed", "thu", "fri"}}, {"hours", "09:00-12:00"}}}};
        break;
    }
    p["id"] = "p" + two(i % 100) + "-" + p["kind"].get<std::string>() + "-" + n;
    p["name"] = "Программа " + n;
    p["priority"] = 100 + i;
    out.push_back(std::move(p));
  }
  return out;
}

std::string card_number(std::int64_t index) {
  std::string body = "2" + std::string(11, '0');
  std::string digits = std::to_string(index);
  body.replace(12 - digits.size(), digits.size(), digits);
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += (body[i] - '0') * (i % 2 ? 3 : 1);
  return body + std::to_string((10 - sum % 10) % 10);
}

core::CardState make_card(std::int64_t index, core::Day today, Rng& rng) {
  core::CardState card;
  card.number = card_number(index);
  if (index % 10 == 0) card.groups.push_back("discount-card");
  if (index % 97 == 0) card.status = core::CardStatus::kBlocked;
  core::Customer c;
  c.id = "c-" + std::to_string(index);
  c.name = "Покупатель " + std::to_string(index);
  if (index % 4 != 3) c.phone = "+79" + card.number.substr(4, 9);
  if (index % 3 != 0) {
    c.birthday =
        core::CivilDate{1950 + static_cast<int>(rng() % 55), static_cast<unsigned>(1 + rng() % 12),
                        static_cast<unsigned>(1 + rng() % 28)};
  }
  card.customer = c;
  // A year of history: a few purchases per card, visits within the year, two point lots.
  const int purchases = static_cast<int>(rng() % 12);
  card.purchases = purchases;
  card.spent = purchases * static_cast<core::Kopecks>(50000 + rng() % 400000);
  for (int v = 0; v < purchases; ++v) {
    core::Day d = today - 365 + static_cast<core::Day>(v * 365 / (purchases + 1) + rng() % 20);
    if (card.visit_days.empty() || d > card.visit_days.back()) card.visit_days.push_back(d);
  }
  for (int l = 0; l < std::min(purchases, 2); ++l) {
    core::PointLot lot;
    lot.id = "r-gen:" + std::to_string(index) + "/" + std::to_string(l);
    lot.program = "p02-bonus-2";
    lot.earned_day = today - 30 * (l + 1);
    lot.usable_from = lot.earned_day;
    lot.last_day = lot.earned_day + 182;
    lot.remaining = 50 + static_cast<std::int64_t>(rng() % 900);
    card.lots.push_back(lot);
  }
  return card;
}

core::Json make_receipt(const std::string& receipt_id, const std::string& card, int lines,
                        const std::string& at, Rng& rng) {
  core::Json body = {{"receipt_id", receipt_id}, {"at", at}, {"redeem_points", "max"}};
  if (!card.empty()) body["card"] = card;
  core::Json out = core::Json::array();
  for (int i = 1; i <= lines; ++i) {
    const int sku = static_cast<int>(rng() % 5000);
    out.push_back({{"line", i},
                   {"sku", "SKU-" + std::to_string(sku)},
                   {"name", "Товар " + std::to_string(sku)},
                   {"category", kCategories[sku % kCategories.size()]},
                   {"qty", 1 + static_cast<int>(rng() % 3)},
                   {"price", 5000 + static_cast<int>(rng() % 300) * 500}});
  }
  body["lines"] = out;
  return body;
}

}  // namespace kopilka::bench
