// The SQLite engine's backup of office.db; see backup.h.
#include "office/backup.h"
#include "common/file_sync.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "common/db_check.h"

namespace kopilka::office {

namespace {

using core::Status;
namespace fs = std::filesystem;

// An empty file of mode 0640 whatever the umask: the copy holds customers' personal data.
Status create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Status::unavailable("cannot create " + path + ": " + std::strerror(errno));
  bool ok = ::fchmod(fd, 0640) == 0;
  ::close(fd);
  if (!ok) return Status::unavailable("cannot set the mode of " + path);
  return Status::ok();
}

}  // namespace

std::string backup_file_name(std::chrono::system_clock::time_point at) {
  std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "office-%Y%m%d-%H%M%SZ.db", &utc);
  return text;
}

core::Result<std::string> backup_office(const std::string& data_dir, const std::string& dir,
                                        std::chrono::system_clock::time_point at,
                                        const std::string& db_path) {
  const std::string source = db_path.empty() ? data_dir + "/office.db" : db_path;
  std::error_code ec;
  if (!fs::is_regular_file(source, ec))
    return Status::not_found("there is no database at " + source + " to back up");
  if (!fs::is_directory(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return Status::unavailable("cannot create " + dir + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec, ec);
  }
  std::string name = backup_file_name(at);
  std::string target = dir + "/" + name;
  for (int n = 2; fs::exists(target, ec); ++n)
    target = dir + "/" + name.substr(0, name.size() - 3) + "-" + std::to_string(n) + ".db";
  std::string partial = dir + "/.partial-" + fs::path(target).filename().string();
  if (Status s = create_private_file(partial); !s) return s;
  auto discard = [&](Status why) {
    fs::remove(partial, ec);
    fs::remove(partial + "-journal", ec);
    return why;
  };
  if (Status s = common::backup_database(source, partial); !s) {
    if (s.code() == core::Code::kCorrupt)
      return discard(Status::corrupt(source + " is damaged, so no backup was made (" + s.message() +
                                     "); keep the last good backup"));
    return discard(s);
  }
  if (Status s = common::publish_file(partial, target); !s) return discard(s);
  return target;
}

}  // namespace kopilka::office
