// The heavy requests' share of the loop; see loop_budget.h.
#include "office/loop_budget.h"

#include <algorithm>

namespace kopilka::office {

void LoopBudget::forget_before(Clock::time_point t) {
  while (!runs_.empty() && runs_.front().first < t) runs_.pop_front();
}

bool LoopBudget::admit(Clock::time_point now, std::chrono::seconds* retry_after) {
  forget_before(now - window_);
  Clock::duration used{0};
  for (const auto& run : runs_) used += run.second;
  if (used < allowed_) return true;
  // Free again once enough of the oldest runs leave the window.
  Clock::duration over = used - allowed_;
  Clock::time_point free_at = now;
  for (const auto& [end, length] : runs_) {
    free_at = end + window_;
    if (length > over) break;
    over -= length;
  }
  auto wait = std::chrono::ceil<std::chrono::seconds>(free_at - now);
  *retry_after = std::max(wait, std::chrono::seconds(1));
  return false;
}

void LoopBudget::spent(Clock::time_point start, Clock::time_point end) {
  runs_.emplace_back(end, end - start);
}

}  // namespace kopilka::office
