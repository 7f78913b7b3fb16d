// The SQLite engine's backup of office.db; see backup.h.
#include "office/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "common/db_check.h"
#include "common/file_sync.h"
#include "office/office_epoch.h"

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

// The copy gets an epoch of its own (office_epoch.h): restored, it is a history that went
// back in time, and every register that synced after the backup must hear of it. A database
// from before schema 21 has no epoch yet; restored, it gets one when head office migrates it.
Status renew_epoch_of_copy(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  std::string failure;
  if (rc == SQLITE_OK) {
    const std::string sql =
        "UPDATE office_epoch SET epoch = '" + new_office_epoch() + "' WHERE one = 1";
    sqlite3_stmt* has = nullptr;
    rc = sqlite3_prepare_v2(
        db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'office_epoch'", -1, &has,
        nullptr);
    const bool found = rc == SQLITE_OK && sqlite3_step(has) == SQLITE_ROW;
    sqlite3_finalize(has);
    if (rc == SQLITE_OK && found) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  }
  if (rc != SQLITE_OK) failure = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  sqlite3_close(db);
  if (!failure.empty())
    return Status::unavailable("cannot give the backup " + path + " its epoch: " + failure);
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
  if (Status s = renew_epoch_of_copy(partial); !s) return discard(s);
  if (Status s = common::publish_file(partial, target); !s) return discard(s);
  return target;
}

}  // namespace kopilka::office
