// A thread that runs the jobs posted to it one after another, in order: at the register the
// sync's network calls run on one and its applying of pulled pages on another
// (daemon/syncer.h); at head office the registers' pushes are applied on one
// (office/push_queue.h).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace kopilka::common {

class JobThread {
 public:
  // `nice` above 0 runs the jobs at that lower priority (Linux: per thread), so on a busy
  // machine the event loop, which answers the cashier or the health check, gets the
  // processor first.
  explicit JobThread(int nice = 0);
  ~JobThread();
  JobThread(const JobThread&) = delete;
  JobThread& operator=(const JobThread&) = delete;

  void post(std::function<void()> job);
  // Lets the job running finish, drops those waiting and joins the thread.
  void stop();

 private:
  void loop(int nice);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace kopilka::common
