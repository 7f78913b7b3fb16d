// fsync by path; see file_sync.h.
#include "common/file_sync.h"

#include <fcntl.h>
#include <unistd.h>

namespace kopilka::common {

bool sync_path(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace kopilka::common
