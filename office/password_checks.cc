// Password checks on a thread of their own; see password_checks.h.
#include "office/password_checks.h"

#include <asio/post.hpp>

#include "office/staff.h"

namespace kopilka::office {

namespace {
// Below the push queue's threads' 0: a sign-in may wait a moment, a shift close not.
constexpr int kCheckNice = 5;
}  // namespace

bool SignInsUnderWay::begin(const std::string& login, const std::string& address) {
  if (logins_.count(login) || addresses_[address] >= kSignInsUnderWayPerAddress) return false;
  logins_.insert(login);
  ++addresses_[address];
  return true;
}

void SignInsUnderWay::end(const std::string& login, const std::string& address) {
  logins_.erase(login);
  if (--addresses_[address] <= 0) addresses_.erase(address);
}

PasswordChecks::PasswordChecks(asio::io_context& loop) : loop_(loop), thread_(kCheckNice) {}

bool PasswordChecks::check(std::string hash, std::string password,
                           std::function<void(bool matches)> done) {
  if (waiting_.fetch_add(1) >= kPasswordChecksWaiting) {
    waiting_.fetch_sub(1);
    return false;
  }
  thread_.post([this, hash = std::move(hash), password = std::move(password),
                done = std::move(done)]() mutable {
    const bool matches = verify_password(hash, password);
    waiting_.fetch_sub(1);
    asio::post(loop_, [done = std::move(done), matches] { done(matches); });
  });
  return true;
}

}  // namespace kopilka::office
