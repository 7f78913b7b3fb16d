// The scan's pause for pushes (notify_pause.h).
#include "office/notify_pause.h"

#include <memory>
#include <thread>

namespace kopilka::office {

namespace {

// Ends the push once, when its answer goes or when the answer is dropped.
class PushMark {
 public:
  explicit PushMark(PushActivity& pushes) : pushes_(pushes) { pushes_.begin(); }
  ~PushMark() { end(); }
  PushMark(const PushMark&) = delete;
  PushMark& operator=(const PushMark&) = delete;
  void end() {
    if (!ended_.exchange(true)) pushes_.end(std::chrono::steady_clock::now());
  }

 private:
  PushActivity& pushes_;
  std::atomic<bool> ended_{false};
};

}  // namespace

bool scan_must_wait(int in_flight, std::chrono::steady_clock::time_point last_end,
                    std::chrono::steady_clock::time_point now, std::chrono::nanoseconds waited,
                    const ScanPause& pause) {
  if (waited >= pause.longest_wait) return false;
  if (in_flight > 0) return true;
  return now - last_end < pause.quiet_after;
}

std::chrono::nanoseconds stand_aside(const PushActivity& pushes, const std::atomic<bool>& stopping,
                                     const ScanPause& pause) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if (stopping.load() ||
        !scan_must_wait(pushes.in_flight(), pushes.last_end(), now, now - start, pause))
      return now - start;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

common::Respond track_push(PushActivity& pushes, common::Respond respond) {
  auto mark = std::make_shared<PushMark>(pushes);
  return [mark, respond = std::move(respond)](common::HttpResponse r) {
    respond(std::move(r));
    mark->end();
  };
}

}  // namespace kopilka::office
