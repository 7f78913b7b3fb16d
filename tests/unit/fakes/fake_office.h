// An OfficeCaller (register/office_caller.h) for unit tests: head office as a function from
// request to answer, healthy by default (acknowledges every entry pushed, has nothing to
// pull), that records every call, can hold calls until the test lets them go, and counts
// how many were ever in flight at once. Called from the syncer's worker thread, read from
// the test's: everything is behind one mutex.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "register/office_caller.h"

namespace kopilka::fakes {

class FakeOffice final : public daemon::OfficeCaller {
 public:
  using Answer = std::function<core::Result<daemon::OfficeAnswer>(const daemon::OfficeRequest&)>;

  // What head office does with each call; set before the syncer runs.
  void answer_with(Answer answer) {
    std::lock_guard lock(mutex_);
    answer_ = std::move(answer);
  }
  // Calls wait, once arrived, until release().
  void hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    wake_.notify_all();
  }
  // Calls arrived and waiting for release().
  int waiting() const {
    std::lock_guard lock(mutex_);
    return waiting_;
  }
  // Every call made, in order.
  std::vector<daemon::OfficeRequest> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  // "POST /v1/sync/push" …, in order.
  std::vector<std::string> call_lines() const {
    std::vector<std::string> out;
    for (const auto& c : calls())
      out.push_back(c.method + " " + c.path.substr(0, c.path.find('?')));
    return out;
  }
  int most_in_flight() const {
    std::lock_guard lock(mutex_);
    return most_in_flight_;
  }

  core::Result<daemon::OfficeAnswer> call(const daemon::OfficeEndpoint&,
                                          const daemon::OfficeRequest& request,
                                          const std::atomic<bool>* cancel) override {
    Answer answer;
    {
      std::unique_lock lock(mutex_);
      calls_.push_back(request);
      most_in_flight_ = std::max(most_in_flight_, ++in_flight_);
      ++waiting_;
      // The cancel flag is looked at every few milliseconds, as the real client's transfer
      // does between its progress calls.
      while (held_ && !(cancel && *cancel)) wake_.wait_for(lock, std::chrono::milliseconds(5));
      --waiting_;
      answer = answer_;
    }
    auto result = answer ? answer(request) : healthy(request);
    std::lock_guard lock(mutex_);
    --in_flight_;
    return result;
  }

  // A head office that acknowledges every entry pushed and has nothing to pull.
  static core::Result<daemon::OfficeAnswer> healthy(const daemon::OfficeRequest& request) {
    if (request.method == "POST" && request.path == "/v1/sync/push") {
      core::Json acked = core::Json::array();
      const core::Json pushed = core::Json::parse(request.body);
      for (const auto& e : pushed["entries"]) acked.push_back(e["id"]);
      core::Json body = core::Json::object();
      body["acked"] = std::move(acked);
      return daemon::OfficeAnswer{200, std::move(body)};
    }
    core::Json body = core::Json::object();
    body["changes"] = core::Json::array();
    body["next"] = 0;
    return daemon::OfficeAnswer{200, std::move(body)};
  }
  // A head office that cannot be reached, as office_call reports it.
  static core::Result<daemon::OfficeAnswer> unreachable(const daemon::OfficeRequest&) {
    return core::Status::unavailable("Couldn't connect to server (http://127.0.0.1:9)");
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  Answer answer_;
  bool held_ = false;
  int waiting_ = 0;
  int in_flight_ = 0;
  int most_in_flight_ = 0;
  std::vector<daemon::OfficeRequest> calls_;
};

}  // namespace kopilka::fakes
