// The burn scan's pace (notify_pace.h).
#include "office/notify_pace.h"

#include <algorithm>

namespace kopilka::office {

std::chrono::nanoseconds ScanPace::take(int cards, std::chrono::steady_clock::time_point now) {
  if (rate_ <= 0 || cards <= 0) return std::chrono::nanoseconds(0);
  next_ = std::max(next_, now);
  const auto wait = std::chrono::duration_cast<std::chrono::nanoseconds>(next_ - now);
  next_ += std::chrono::nanoseconds(std::chrono::seconds(1)) * cards / rate_;
  return wait;
}

}  // namespace kopilka::office
