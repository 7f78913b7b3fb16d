// The data dir's lock; see instance_lock.h.
#include "common/instance_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace kopilka::common {

namespace {

// Why the lock on `fd` was not given (closing it): the holder's pid when another holds it.
core::Status refusal(int fd, const std::string& path, const std::string& data_dir,
                     const std::string& program) {
  int err = errno;
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  ::close(fd);
  if (err != EWOULDBLOCK)
    return core::Status::unavailable("cannot lock " + path + ": " + std::strerror(err));
  std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return core::Status::conflict("another " + program + " (pid " + (pid.empty() ? "unknown" : pid) +
                                ") is running on " + data_dir + ": one data_dir serves one " +
                                program + "; stop it first");
}

}  // namespace

core::Result<std::optional<InstanceLock>> InstanceLock::hold_while_stopped(
    const std::string& data_dir, const std::string& program) {
  const std::string path = data_dir + "/" + program + ".lock";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::optional<InstanceLock>();  // never ran here, or not ours to read
  // Exclusive, as the program's own: two tools must not work on the data beside each other
  // either (flock takes no write access to the file for it).
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) return refusal(fd, path, data_dir, program);
  return std::optional<InstanceLock>(InstanceLock(fd));
}

core::Result<InstanceLock> InstanceLock::take(const std::string& data_dir,
                                              const std::string& program) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return core::Status::unavailable("cannot create " + data_dir + ": " + ec.message());
  const std::string path = data_dir + "/" + program + ".lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) return core::Status::unavailable("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) return refusal(fd, path, data_dir, program);
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    // The lock holds without the pid (a full disk): only the refusal's message is poorer.
  }
  return InstanceLock(fd);
}

InstanceLock::~InstanceLock() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<long> InstanceLock::holder(const std::string& data_dir, const std::string& program) {
  std::ifstream lock(data_dir + "/" + program + ".lock");
  long pid = 0;
  if (!(lock >> pid) || pid <= 0) return std::nullopt;
  // The kernel truncates a process's name to 15 characters.
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  if (!std::getline(comm, name) || name != program.substr(0, 15)) return std::nullopt;
  return pid;
}

}  // namespace kopilka::common
