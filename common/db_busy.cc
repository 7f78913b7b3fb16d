// The busy handler's schedule; see db_busy.h.
#include "common/db_busy.h"

#include <sqlite3.h>

#include <thread>

namespace kopilka::common {

namespace {
// Steps of the schedule: 40 × 50 µs (2 ms), then 100 × 250 µs (25 ms), then 5 ms steps to
// five seconds in all. A writer's transaction here lasts well under a millisecond, so the
// first steps are where a wait normally ends.
constexpr int kFineSteps = 40;
constexpr int kMediumSteps = 100;
constexpr std::chrono::microseconds kFine{50};
constexpr std::chrono::microseconds kMedium{250};
constexpr std::chrono::microseconds kCoarse{5000};
constexpr std::chrono::microseconds kLimit{5'000'000};

int retry_after_wait(void*, int attempt) {
  auto wait = busy_wait_before(attempt);
  if (!wait) return 0;
  std::this_thread::sleep_for(*wait);
  return 1;
}
}  // namespace

std::optional<std::chrono::microseconds> busy_wait_before(int attempt) {
  if (attempt < 0) return std::nullopt;
  if (attempt < kFineSteps) return kFine;
  if (attempt < kFineSteps + kMediumSteps) return kMedium;
  auto waited =
      kFine * kFineSteps + kMedium * kMediumSteps + kCoarse * (attempt - kFineSteps - kMediumSteps);
  if (waited >= kLimit) return std::nullopt;
  return kCoarse;
}

void wait_briefly_when_busy(sqlite3* db) {
  sqlite3_busy_handler(db, &retry_after_wait, nullptr);
}

}  // namespace kopilka::common
