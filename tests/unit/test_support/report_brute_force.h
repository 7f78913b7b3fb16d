// The brute force behind report_journal.h: random journals (receipts, refunds,
// cancellations, birthday gifts, adjustments), and every figure of the summary report
// recomputed from the entries alone, compared with the report's answer.
#pragma once

#include <functional>

#include "test_support/report_customer_lists.h"

namespace kopilka::office::test {

inline void Journal::random_journal(unsigned seed, int n) {
  rng_.seed(seed);
  // As registers write them: a draw from a lot that folded into another of its kind (same
  // register, program and dates) is found by its kind.
  draws_name_their_lots = true;
  const std::string regs[] = {register_in_store("Asia/Vladivostok"),
                              register_in_store("America/New_York"), register_in_store("")};
  const char* cards[] = {"2000000000015", "2000000000022", "2000000000039",
                         "2000000000046", "2000000000053", ""};
  std::map<std::string, std::vector<std::string>> open;  // register → receipts not cancelled
  std::map<std::pair<std::string, std::string>, std::int64_t> left, points_left;
  // What each lot holds, in each register's own order. A register draws only from its own
  // lots, never more than they hold, and a receipt only from lots not burned on its day:
  // then no draw spills onto other lots, whatever order head office applies the registers
  // in, and the brute force can follow every lot from the entries alone.
  struct LotLeft {
    std::string reg;
    std::optional<core::Day> last_day;
    std::int64_t points = 0;
  };
  std::map<std::string, LotLeft> lot_left;
  std::set<std::pair<std::string, int>> gifted;  // card, year
  auto sale_lot = [&](const std::string& reg, const std::string& rid) -> LotLeft* {
    const JournalEntry& sale = receipts_.at({reg, rid});
    return sale.lots.empty() ? nullptr : &lot_left.at(sale.lots[0].id);
  };
  auto held_by_sale = [&](const std::string& reg, const std::string& rid) -> std::int64_t {
    const LotLeft* l = sale_lot(reg, rid);
    return l ? l->points : 0;
  };
  auto take_from_sale = [&](const std::string& reg, const std::string& rid, std::int64_t n) {
    if (LotLeft* l = sale_lot(reg, rid)) l->points -= n;
  };
  const core::Instant start = *core::parse_rfc3339("2026-10-01T00:00:00Z");
  core::Instant at = start;
  int receipt_no = 0;
  for (int i = 0; i < n; ++i) {
    at += static_cast<core::Instant>(rng_() % 40000);  // about 7 entries a day, any hour
    const std::string time = core::format_rfc3339(at, *core::locate_zone("UTC"));
    const std::string& reg = regs[rng_() % 3];
    const unsigned roll = rng_() % 100;
    auto& mine = open[reg];
    if (roll < 60 || mine.empty()) {
      const std::string card = cards[rng_() % 6];
      const std::int64_t total = 100 + rng_() % 50000;
      std::map<std::string, std::int64_t> programs;
      if (rng_() % 3 == 0) programs["b1"] = 1 + rng_() % 900;
      if (rng_() % 4 == 0) programs["b2"] = 0;  // accrues only
      std::optional<int> life;
      if (rng_() % 2) life = static_cast<int>(rng_() % 25);
      std::vector<std::pair<std::string, std::int64_t>> draws;
      const core::Day day = core::local_day(at, zone_[reg]);
      if (!card.empty() && rng_() % 3 == 0) {
        std::vector<std::string> lots;
        for (const auto& e : entries_)
          if (e.card == card && !e.lots.empty() && !e.lots[0].id.empty()) {
            const LotLeft& l = lot_left.at(e.lots[0].id);
            if (l.reg == reg && l.points > 0 && (!l.last_day || day <= *l.last_day))
              lots.push_back(e.lots[0].id);
          }
        if (!lots.empty()) {
          const std::string& lot = lots[rng_() % lots.size()];
          const std::int64_t n = 1 + static_cast<std::int64_t>(
                                         rng_() % static_cast<unsigned>(lot_left.at(lot).points));
          draws.push_back({lot, n});
          lot_left.at(lot).points -= n;
        }
      }
      const std::string rid = "R" + std::to_string(++receipt_no);
      receipt(reg, rid, time, card, total, card.empty() ? 0 : total / 100, programs, life, draws);
      if (!entries_.back().lots.empty())
        lot_left[entries_.back().lots[0].id] = {reg, entries_.back().lots[0].last_day,
                                                entries_.back().lots[0].points};
      mine.push_back(rid);
      left[{reg, rid}] = total;
      points_left[{reg, rid}] = card.empty() ? 0 : total / 100;
    } else if (roll < 80) {
      const std::string rid = mine[rng_() % mine.size()];
      auto& l = left[{reg, rid}];
      if (l == 0) continue;
      // One refund in four returns all that is left of the receipt.
      const std::int64_t money =
          rng_() % 4 == 0 ? l : 1 + static_cast<std::int64_t>(rng_() % static_cast<unsigned>(l));
      auto& pl = points_left[{reg, rid}];
      std::int64_t back = pl == 0 ? 0 : static_cast<std::int64_t>(rng_() % (pl + 1));
      back = std::min(back, held_by_sale(reg, rid));
      // The last of its money returns the last of its lines: nothing of it is left.
      refund(reg, rid, time, money, back, money == l);
      take_from_sale(reg, rid, back);
      l -= money;
      pl -= back;
    } else if (roll < 92) {
      const std::size_t k = rng_() % mine.size();
      const std::string rid = mine[k];
      const std::int64_t back = std::min(points_left[{reg, rid}], held_by_sale(reg, rid));
      // After refunds that returned everything, a cancel returns nothing and completes nothing.
      cancel(reg, rid, time, left[{reg, rid}], back, left[{reg, rid}] > 0);
      take_from_sale(reg, rid, back);
      mine.erase(mine.begin() + static_cast<long>(k));
    } else if (roll < 95) {
      // A birthday gift, once a card a year, as the register grants it: its lot never
      // burns, and later receipts at that register may spend it.
      const char* card = cards[rng_() % 5];
      const int year = core::civil_from_day(core::local_day(at, zone_[reg])).year;
      bool known = false;
      for (const auto& e : entries_) known = known || e.card == card;
      if (!known || !gifted.insert({card, year}).second) continue;
      birthday(reg, card, time, "bday", 1 + static_cast<std::int64_t>(rng_() % 500));
      lot_left[entries_.back().lots[0].id] = {reg, std::nullopt, entries_.back().lots[0].points};
    } else {
      const char* card = cards[rng_() % 5];
      bool known = false;
      for (const auto& e : entries_) known = known || e.card == card;
      if (known) adjust(card, 1 + rng_() % 300, time);
    }
  }
}

// Brute force: the figures of days [a, b] from the entries alone.
inline core::Json brute_figures(const std::vector<JournalEntry>& entries,
                                const std::function<bool(const std::string&)>& counts, core::Day a,
                                core::Day b, core::Day today, std::int64_t point_value) {
  // Each receipt's entry, by register and receipt id.
  std::map<std::pair<std::string, std::string>, const JournalEntry*> sale;
  for (const auto& e : entries)
    if (e.kind == "receipt") sale[{e.reg, e.receipt_id}] = &e;
  std::int64_t rev[2] = {0, 0}, rec[2] = {0, 0}, issued = 0, redeemed = 0, adjusted = 0;
  std::int64_t burned = 0, liability = 0;
  // customer → day → net receipts (in [lo, hi]), for the customer figures.
  std::map<std::string, std::map<core::Day, std::int64_t>> days;
  std::map<std::string, std::int64_t> card_revenue_to_b;
  std::map<std::string, core::Day> first;
  auto add_money = [&](const JournalEntry& e, core::Day day, std::int64_t money, std::int64_t count,
                       const std::string& card) {
    if (!counts(e.reg)) return;
    const int c = card.empty() ? 0 : 1;
    if (day >= a && day <= b) {
      rev[c] += money;
      rec[c] += count;
    }
    if (!card.empty()) {
      days["card:" + card][day] += count;
      if (day <= b) card_revenue_to_b["card:" + card] += money;
    }
  };
  for (const auto& e : entries) {
    std::int64_t lots = 0, draws = 0;
    for (const auto& l : e.lots) lots += l.points;
    for (const auto& d : e.draws) draws += d.second;
    if (counts(e.reg) && e.day <= b) {
      std::int64_t is = 0, re = 0, ad = 0;
      if (e.kind == "adjust")
        ad = lots - draws;
      else if (e.kind == "receipt" || e.kind == "birthday")
        is = lots, re = draws;
      else
        is = -draws, re = -lots;
      liability += is - re + ad;
      if (e.day >= a) issued += is, redeemed += re, adjusted += ad;
    }
    if (e.kind == "receipt") add_money(e, e.day, e.money, 1, e.card);
    // A refund's money on its day, a cancellation's on the receipt's; the receipt leaves
    // the count on its own day with the return that left nothing of it.
    const bool back = e.kind == "refund" || e.kind == "cancel";
    if (back) {
      const JournalEntry& s = *sale.at({e.reg, e.receipt_id});
      add_money(e, e.kind == "cancel" ? s.day : e.day, -e.money, 0, e.card);
      if (e.completes) add_money(e, s.day, 0, -1, e.card);
    }
  }
  // First days over all registers (a customer's first receipt ever).
  std::map<std::string, std::map<core::Day, std::int64_t>> all_days;
  for (const auto& e : entries) {
    if (e.card.empty()) continue;
    if (e.kind == "receipt") all_days["card:" + e.card][e.day] += 1;
    if (e.completes) all_days["card:" + e.card][sale.at({e.reg, e.receipt_id})->day] -= 1;
  }
  for (const auto& [c, ds] : all_days)
    for (const auto& [d, n] : ds)
      if (n > 0) {
        first[c] = d;
        break;
      }
  // Burns, from the entries: every change to a lot that has a last day (made, drawn from,
  // reversed) burns on the day after it, or on the change's own day when that is later.
  std::map<std::string, core::Day> last_day;
  for (const auto& e : entries)
    for (const auto& l : e.lots)
      if (l.last_day) last_day[l.id] = *l.last_day;
  auto burn = [&](const std::string& lot, std::int64_t points, core::Day changed) {
    auto it = last_day.find(lot);
    if (it == last_day.end()) return;
    const std::string entry = lot.substr(0, lot.find('/'));
    if (!counts(entry.substr(0, entry.rfind(':')))) return;
    const core::Day day = std::max(it->second + 1, changed);
    if (day <= std::min(b, today)) liability -= points;
    if (day >= a && day <= std::min(b, today)) burned += points;
  };
  for (const auto& e : entries) {
    for (const auto& l : e.lots) burn(l.id, l.points, e.day);
    for (const auto& [lot, points] : e.draws) burn(lot, -points, e.day);
  }
  auto active_in = [&](core::Day lo, core::Day hi) {
    std::set<std::string> out;
    for (const auto& [c, ds] : days) {
      std::int64_t n = 0;
      for (const auto& [d, k] : ds)
        if (d >= lo && d <= hi) n += k;
      if (n > 0) out.insert(c);
    }
    return out;
  };
  const auto active = active_in(a, b), before = active_in(a - (b - a + 1), a - 1);
  std::int64_t fresh = 0, repeat = 0, kept = 0, clv_n = 0, clv_sum = 0;
  for (const auto& c : active) {
    if (first.count(c) && first[c] >= a && first[c] <= b) ++fresh;
    int n = 0;
    for (const auto& [d, k] : days[c]) n += d >= a && d <= b && k > 0;
    repeat += n >= 2;
  }
  for (const auto& c : before) kept += active.count(c);
  clv_n = static_cast<std::int64_t>(active_in(INT32_MIN / 2, b).size());
  for (const auto& [c, revenue] : card_revenue_to_b) clv_sum += revenue;
  auto avg = [](std::int64_t n, std::int64_t d) {
    auto v = div_half_up(n, d);
    return v ? core::Json(*v) : core::Json(nullptr);
  };
  const auto n_active = static_cast<std::int64_t>(active.size());
  return {
      {"revenue", {{"card", rev[1]}, {"no_card", rev[0]}, {"all", rev[0] + rev[1]}}},
      {"receipts", {{"card", rec[1]}, {"no_card", rec[0]}, {"all", rec[0] + rec[1]}}},
      {"average_check",
       {{"card", avg(rev[1], rec[1])},
        {"no_card", avg(rev[0], rec[0])},
        {"all", avg(rev[0] + rev[1], rec[0] + rec[1])}}},
      {"active_customers", n_active},
      {"new_customers", fresh},
      {"repeat_rate", rate(repeat, n_active)},
      {"retention", rate(kept, static_cast<std::int64_t>(before.size()))},
      {"frequency", rate(rec[1], n_active)},
      {"clv", avg(clv_sum, clv_n)},
      {"points",
       {{"issued", issued},
        {"redeemed", redeemed},
        {"burned", burned},
        {"adjusted", adjusted},
        {"liability", liability},
        {"liability_money", liability * point_value}}},
      // The random journal moves no wallet money; the wallet's figures are checked with
      // exact numbers by test_wallet_topup.py and test_wallet_pay.py.
      {"wallet", {{"topped_up", 0}, {"bonus", 0}, {"paid", 0}, {"returned", 0}, {"liability", 0}}}};
}

inline void Journal::check_against_brute_force(unsigned seed, int rounds, bool chain_only) {
  const core::Day today = *core::parse_date(kToday);
  std::mt19937 pick(seed);
  const std::vector<std::string> groups = {"", "day", "week", "month"};
  for (int round = 0; round < rounds; ++round) {
    const core::Day from = *core::parse_date("2026-09-25") + static_cast<core::Day>(pick() % 60);
    const core::Day to = from + static_cast<core::Day>(pick() % 50);
    const std::string group = groups[pick() % 4];
    const int which = chain_only ? 0 : static_cast<int>(pick() % 3);  // all, a store, a register
    std::string store, reg;
    if (which == 1) store = store_of_.at(regs_[0]);
    if (which == 2) reg = regs_[2];
    CAPTURE(round);
    CAPTURE(group);
    CAPTURE(which);
    auto counts = [&](const std::string& r) {
      if (which == 1) return store_of_.count(r) && store_of_.at(r) == store;
      if (which == 2) return r == reg;
      return true;
    };
    auto report = this->report(core::format_date(from), core::format_date(to), group, store, reg);
    REQUIRE(report.ok());
    CHECK((*report)["totals"].dump() ==
          brute_figures(entries_, counts, from, to, today, t.settings.point_value).dump());
    for (const auto& g : (*report)["groups"]) {
      const core::Day start = *core::parse_date(g["period"].get<std::string>());
      core::Day end = start;
      if (group == "week") end = start + 6;
      if (group == "month") {
        auto c = core::civil_from_day(start);
        end = core::day_from_civil(c.month == 12 ? core::CivilDate{c.year + 1, 1, 1}
                                                 : core::CivilDate{c.year, c.month + 1, 1}) -
              1;
      }
      core::Json f = g;
      f.erase("period");
      CAPTURE(g["period"]);
      CHECK(f.dump() == brute_figures(entries_, counts, std::max(start, from), std::min(end, to),
                                      today, t.settings.point_value)
                            .dump());
    }
  }
  check_customer_lists(t.store->sql());
}

}  // namespace kopilka::office::test
