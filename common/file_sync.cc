// Durable whole-file writes; see file_sync.h.
#include "common/file_sync.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kopilka::common {
namespace {

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

bool sync_path(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

core::Status write_file_atomically(const std::string& path, const std::string& text, mode_t mode,
                                   const std::optional<FileOwner>& owner) {
  std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());  // a stale temp file from an interrupted write
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return core::Status::unavailable("cannot write " + tmp + ": " + std::strerror(errno));
  // Owner first: fchown may clear set-id bits, which fchmod then restores. The umask must
  // not widen or narrow the mode asked for.
  bool ok = (!owner || (owner->uid == ::geteuid() && owner->gid == ::getegid()) ||
             ::fchown(fd, owner->uid, owner->gid) == 0) &&
            ::fchmod(fd, mode) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  int err = errno;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    if (ok) err = errno;
    std::remove(tmp.c_str());
    return core::Status::unavailable("cannot write " + path + ": " + std::strerror(err));
  }
  // The file is in place; a directory that cannot be synced (some file systems refuse)
  // does not undo that.
  sync_path(dir_of(path));
  return core::Status::ok();
}

core::Status publish_file(const std::string& from, const std::string& to) {
  if (!sync_path(from)) return core::Status::unavailable("cannot sync " + from);
  if (std::rename(from.c_str(), to.c_str()) != 0)
    return core::Status::unavailable("cannot rename " + from + ": " + std::strerror(errno));
  sync_path(dir_of(to));
  return core::Status::ok();
}

}  // namespace kopilka::common
