// One data dir, one server: a second kopilkad on the same data_dir (on another port, say)
// would sell from the same cards and sync the same journal twice over, and a head office
// copied to PostgreSQL while it still serves keeps pushes in the file left behind. The
// lock is an flock on data_dir/PROGRAM.lock, held by the open file for the process's life
// (a killed server releases it with its last descriptor), with the holder's pid in the file
// so the refusal can say who holds it.
#pragma once

#include <optional>
#include <string>

#include "core/status.h"

namespace kopilka::common {

class InstanceLock {
 public:
  // Takes `program`'s lock ("kopilkad", "kopilka-office"), creating data_dir and the lock
  // file if needed. kConflict naming the holder's pid when another process holds it.
  static core::Result<InstanceLock> take(const std::string& data_dir, const std::string& program);
  // For a tool working on the data dir while `program` is stopped (kopilka sync now beside a
  // kopilkad that is down): the program's lock, so that neither the program nor a second
  // such tool can start meanwhile, taken without creating or writing the lock file (the
  // tool may run as another user). kConflict
  // naming the holder's pid when the program runs; nothing held when the file is not there
  // (it never ran here) or cannot be read.
  static core::Result<std::optional<InstanceLock>> hold_while_stopped(const std::string& data_dir,
                                                                      const std::string& program);
  // The pid of the running `program` the lock file in data_dir names, without touching the
  // lock (a probe must never make a starting server fail): nullopt when there is no file, or
  // its pid is not a live process of that name.
  static std::optional<long> holder(const std::string& data_dir, const std::string& program);
  InstanceLock(InstanceLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  InstanceLock& operator=(InstanceLock&&) = delete;
  InstanceLock(const InstanceLock&) = delete;
  ~InstanceLock();

 private:
  explicit InstanceLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace kopilka::common
