// Password checks off the server's loop: an Argon2id check takes about a tenth of a second
// of a core by design, and the loop also answers the registers' syncs and /v1/health. A
// flood of failed sign-ins from many addresses (each within its own limit) held the loop
// for seconds; the checks now run one after another on a thread of their own, at a lower
// priority, and each sign-in is answered when its check is done.
#pragma once

#include <asio/io_context.hpp>

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "common/job_thread.h"

namespace kopilka::office {

// Checks waiting at once beyond which a sign-in is answered 503 at once: at 0.1 s each, the
// last would wait 6 s, longer than a person waits for a page.
inline constexpr std::size_t kPasswordChecksWaiting = 64;

// Sign-ins under way at once from one address (a shop's staff behind one router).
inline constexpr int kSignInsUnderWayPerAddress = 4;

// Sign-ins whose check is under way, on the loop's thread only: one per login and a few per
// address at a time. A failure counts against the limits once it is checked, so without
// this a burst of guesses checked off the loop would all pass the limits' check first.
class SignInsUnderWay {
 public:
  // False when `login` is being checked already, or the address has its few under way.
  bool begin(const std::string& login, const std::string& address);
  void end(const std::string& login, const std::string& address);

 private:
  std::unordered_set<std::string> logins_;
  std::unordered_map<std::string, int> addresses_;
};

class PasswordChecks {
 public:
  explicit PasswordChecks(asio::io_context& loop);

  SignInsUnderWay& under_way() { return under_way_; }  // the loop's thread only

  // Checks `password` against `hash` (office/staff.h verify_password) on the checking
  // thread, then calls `done` with the outcome on the loop. False, and `done` is never
  // called, when kPasswordChecksWaiting checks wait already.
  bool check(std::string hash, std::string password, std::function<void(bool matches)> done);

 private:
  asio::io_context& loop_;
  SignInsUnderWay under_way_;
  std::atomic<std::size_t> waiting_{0};
  common::JobThread thread_;  // last: stopped (and joined) before the rest goes
};

}  // namespace kopilka::office
