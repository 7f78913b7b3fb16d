// How often one account may sign in, per process. Checking a password costs about 0.2 s of
// Argon2id on the event loop that also answers every register; failed sign-ins are limited
// in the database (staff.h), and this limits the successful ones, so that one account's
// password in a script cannot stall head office for everyone.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

#include "core/time.h"

namespace kopilka::office {

inline constexpr int kSignInsPerLogin = 10;               // successful sign-ins of an account …
inline constexpr std::int64_t kSignInWindowSeconds = 60;  // … in this long

class SignInPace {
 public:
  // Seconds until `login` may sign in again, 0 when it may now. Asked before the password
  // is checked, so a refused attempt costs nothing.
  std::int64_t wait(const std::string& login, core::Instant now);
  // A successful sign-in of `login` at `now`.
  void record(const std::string& login, core::Instant now);

 private:
  // Kept only for accounts that signed in: at most one entry per staff account.
  std::unordered_map<std::string, std::deque<core::Instant>> recent_;
};

}  // namespace kopilka::office
