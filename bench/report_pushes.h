// The report benchmark's pushes (report_bench.cc): how a chain's registers hand a
// ReportJournal's entries to head office's group commit, group by group.
// - interleaved: consecutive entries of the chain, a batch per register in each group of
//   --group-size (registers syncing through the day: every register in every group);
// - shift: each register's entries of a day pushed at shift close (docs/sync.md), in batches
//   of up to 500, every register closing at once in a shuffled order; the groups are the
//   group commit's (push_queue.h): whole batches in order of arrival, up to kGroupEntries.
#pragma once

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "core/json_exact.h"
#include "office/push_queue.h"
#include "report_journal.h"

namespace kopilka::bench {

// A register's batch: its index among the journal's registers and its entries.
using ReportBatch = std::pair<int, core::Json>;

class ReportPushes {
 public:
  enum class Shape { kInterleaved, kShift };

  ReportPushes(ReportJournal journal, int entries, Shape shape, int group_size)
      : journal_(std::move(journal)), entries_(entries), shape_(shape), group_size_(group_size) {}

  // The next group's batches; empty once every entry was given.
  std::vector<ReportBatch> next() {
    return shape_ == Shape::kShift ? next_at_close() : next_interleaved();
  }

 private:
  std::vector<ReportBatch> next_interleaved() {
    std::map<int, core::Json> by_register;
    for (const int end = std::min(entries_, i_ + group_size_); i_ < end; ++i_) {
      auto [r, e] = journal_.next(i_);
      by_register[r].push_back(std::move(e));
    }
    return {std::make_move_iterator(by_register.begin()),
            std::make_move_iterator(by_register.end())};
  }

  std::vector<ReportBatch> next_at_close() {
    if (waiting_.empty()) close_shifts();
    std::vector<ReportBatch> group;
    std::size_t taken = 0;
    while (!waiting_.empty() &&
           (group.empty() || taken + waiting_.front().second.size() <= office::kGroupEntries)) {
      taken += waiting_.front().second.size();
      group.push_back(std::move(waiting_.front()));
      waiting_.pop_front();
    }
    return group;
  }

  // The next day's entries, each register's pushed at its close.
  void close_shifts() {
    std::map<int, std::vector<core::Json>> shifts;
    for (std::optional<core::Day> day; i_ < entries_; ++i_) {
      const core::Day today = core::local_day(journal_.at(i_), journal_.zone());
      if (day && today != *day) break;
      day = today;
      auto [r, e] = journal_.next(i_);
      shifts[r].push_back(std::move(e));
    }
    std::vector<int> order;
    for (const auto& [r, shift] : shifts) order.push_back(r);
    std::shuffle(order.begin(), order.end(), arrival_);
    for (const int r : order) {
      auto& shift = shifts[r];
      for (std::size_t from = 0; from < shift.size(); from += kBatch) {
        core::Json batch = core::Json::array();
        for (std::size_t k = from; k < std::min(shift.size(), from + kBatch); ++k)
          batch.push_back(std::move(shift[k]));
        waiting_.emplace_back(r, std::move(batch));
      }
    }
  }

  static constexpr std::size_t kBatch = 500;  // a register's push (docs/sync.md)
  ReportJournal journal_;
  int entries_, i_ = 0;
  Shape shape_;
  int group_size_;
  std::deque<ReportBatch> waiting_;
  std::mt19937 arrival_{7};
};

}  // namespace kopilka::bench
