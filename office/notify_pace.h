// The burn scan's pace: at most so many cards a second, so that a nightly scan over a
// million cards takes a bounded share of the machine the registers push to, however long
// that makes the night (docs/office.md "Notifications", `[notify] scan_rate`).
#pragma once

#include <chrono>

namespace kopilka::office {

class ScanPace {
 public:
  // cards_per_second ≤ 0: no pace, the scan goes as fast as the pushes let it.
  explicit ScanPace(int cards_per_second) : rate_(cards_per_second) {}

  // How long to wait, from `now`, before judging the next `cards`; counts them as taken.
  // Time the scan lost (standing aside for pushes, a slow disk) is not made up in a burst.
  std::chrono::nanoseconds take(int cards, std::chrono::steady_clock::time_point now);

 private:
  int rate_;
  std::chrono::steady_clock::time_point next_{};
};

}  // namespace kopilka::office
