// Successful sign-ins per account in a sliding window; see sign_in_pace.h.
#include "office/sign_in_pace.h"

namespace kopilka::office {

std::int64_t SignInPace::wait(const std::string& login, core::Instant now) {
  auto it = recent_.find(login);
  if (it == recent_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - kSignInWindowSeconds) times.pop_front();
  if (times.empty()) {
    recent_.erase(it);
    return 0;
  }
  if (static_cast<int>(times.size()) < kSignInsPerLogin) return 0;
  const std::int64_t wait = times.front() + kSignInWindowSeconds - now;
  return wait < 1 ? 1 : wait;
}

void SignInPace::record(const std::string& login, core::Instant now) {
  recent_[login].push_back(now);
}

}  // namespace kopilka::office
