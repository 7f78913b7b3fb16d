// Durable whole-file writes; see file_sync.h.
#include "common/file_sync.h"

#include <fcntl.h>
#include <stdlib.h>
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

// The file a write replaces: where a symlink points, so that the link stays a link
// (/etc/kopilka/kopilka.toml -> /srv/cfg/kopilka.toml). A path not there yet is created.
std::string resolved_target(const std::string& path) {
  char* real = ::realpath(path.c_str(), nullptr);
  if (real == nullptr) return path;
  std::string resolved = real;
  std::free(real);
  return resolved;
}

// Owner first: fchown may clear set-id bits, which fchmod then restores. The file is
// skipped when it already has the owner (mkstemp made it ours, or a setgid directory gave
// it the group), so an unprivileged writer keeping its own file never needs CAP_CHOWN.
int set_owner_and_mode(int fd, mode_t mode, const std::optional<FileOwner>& owner) {
  if (owner) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return errno;
    if ((st.st_uid != owner->uid || st.st_gid != owner->gid) &&
        ::fchown(fd, owner->uid, owner->gid) != 0)
      return errno;
  }
  return ::fchmod(fd, mode) == 0 ? 0 : errno;
}

}  // namespace

bool sync_path(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    errno = 0;
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return errno != 0 && n < 0 ? errno : EIO;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

core::Status write_file_atomically(const std::string& path, const std::string& text, mode_t mode,
                                   const std::optional<FileOwner>& owner) {
  std::string target = resolved_target(path);
  // A name of our own: a second writer of the same file (the daemon's admin API while
  // `kopilka enroll` edits it) has its own, and neither removes nor renames the other's.
  std::string tmp = target + ".XXXXXX";
  int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0)
    return core::Status::unavailable("cannot write " + target + ".tmp: " + std::strerror(errno));
  // Each step's errno is kept as it fails: close() or a later call would overwrite it.
  int err = set_owner_and_mode(fd, mode, owner);
  if (err == 0) err = write_all(fd, text);
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && std::rename(tmp.c_str(), target.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    return core::Status::unavailable("cannot write " + path + ": " + std::strerror(err));
  }
  // The file is in place; a directory that cannot be synced (some file systems refuse)
  // does not undo that.
  sync_path(dir_of(target));
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
