// The report benchmark's chain journal (report_bench.cc): a year of receipts (70 % with a
// card), refunds and cancellations from many registers, made one entry at a time in time
// order, so a chain of millions of entries never has to be held in memory.
#pragma once

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/json_exact.h"
#include "core/time.h"

namespace kopilka::bench {

inline std::string report_card_number(int i) {
  std::string body = "2" + std::string(11 - std::to_string(i).size(), '0') + std::to_string(i);
  int sum = 0;
  for (int k = 0; k < 12; ++k) sum += (body[static_cast<std::size_t>(k)] - '0') * (k % 2 ? 3 : 1);
  return body + std::to_string((10 - sum % 10) % 10);
}

class ReportJournal {
 public:
  ReportJournal(std::vector<std::string> regs, int cards, int entries, core::Zone zone)
      : regs_(std::move(regs)),
        cards_(cards),
        step_(365.0 * 86400 / entries),
        zone_(zone),
        seq_(regs_.size(), 0),
        open_(regs_.size()) {}

  static core::Instant start() { return *core::parse_rfc3339("2025-12-01T06:00:00Z"); }
  // When the i-th entry is made, and the zone its days are counted in.
  core::Instant at(int i) const { return start() + static_cast<core::Instant>(i * step_); }
  core::Zone zone() const { return zone_; }

  // The i-th entry (i counts up from 0) and the index of the register that pushes it.
  std::pair<int, core::Json> next(int i) {
    using core::Json;
    const int r = static_cast<int>(rng_() % static_cast<unsigned>(regs_.size()));
    const std::string& reg = regs_[static_cast<std::size_t>(r)];
    const core::Instant at = this->at(i);
    const std::string when = core::format_rfc3339(at, zone_);
    const core::Day day = core::local_day(at, zone_);
    const std::string id = reg + ":" + std::to_string(++seq_[static_cast<std::size_t>(r)]);
    auto& mine = open_[static_cast<std::size_t>(r)];
    const unsigned roll = rng_() % 100;
    if (roll < 92 || mine.empty()) {
      const bool with_card = rng_() % 10 < 7;
      const std::string card =
          with_card
              ? report_card_number(1 + static_cast<int>(rng_() % static_cast<unsigned>(cards_)))
              : "";
      const std::int64_t total = 5000 + rng_() % 300000;
      Json fx = {{"card", card}};
      Json applied = Json::array();
      if (with_card) {
        fx["spent_delta"] = total;
        fx["new_lots"] = {{{"id", "0"},
                           {"program", "bonus"},
                           {"earned_day", core::format_date(day)},
                           {"usable_from", core::format_date(day)},
                           {"last_day", core::format_date(day + 180)},
                           {"points", total / 100}}};
        applied.push_back({{"program", "bonus"}, {"points", total / 100}});
      }
      if (rng_() % 4 == 0) applied.push_back({{"program", "promo"}, {"discount", total / 10}});
      const std::string rid = "R" + std::to_string(i);
      mine.push_back({rid, card, total, id + "/0", total / 100});
      if (mine.size() > 20) mine.erase(mine.begin());
      return {r,
              {{"id", id},
               {"kind", "receipt"},
               {"card", card},
               {"at", when},
               {"receipt_id", rid},
               {"effects", fx},
               {"detail",
                {{"receipt_id", rid}, {"total", total}, {"response", {{"applied", applied}}}}}}};
    }
    const std::size_t k = rng_() % mine.size();
    const Sale sale = mine[k];
    mine.erase(mine.begin() + static_cast<long>(k));
    const bool cancel = roll >= 97;
    const std::int64_t money = cancel ? sale.total : sale.total / 2;
    Json fx = {{"card", sale.card}};
    if (!sale.card.empty()) {
      fx["spent_delta"] = -money;
      const std::int64_t back = sale.points / (cancel ? 1 : 2);
      if (back > 0) fx["draws"] = {{{"lot", sale.lot}, {"points", back}}};
    }
    return {r,
            {{"id", id},
             {"kind", cancel ? "cancel" : "refund"},
             {"card", sale.card},
             {"at", when},
             {"effects", fx},
             {"detail", {{"receipt_id", sale.rid}, {"response", {{"money_returned", money}}}}}}};
  }

 private:
  struct Sale {
    std::string rid, card;
    std::int64_t total = 0;
    std::string lot;
    std::int64_t points = 0;
  };
  std::vector<std::string> regs_;
  int cards_;
  double step_;
  core::Zone zone_;
  std::mt19937 rng_{1};
  std::vector<int> seq_;
  std::vector<std::vector<Sale>> open_;
};

}  // namespace kopilka::bench
