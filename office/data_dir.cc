// The permissions of head office's data; see data_dir.h.
#include "office/data_dir.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace kopilka::office {

core::Status make_data_dir(const std::string& data_dir) {
  std::error_code ec;
  if (std::filesystem::exists(data_dir, ec)) return core::Status::ok();
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return core::Status::unavailable("cannot create " + data_dir + ": " + ec.message());
  if (::chmod(data_dir.c_str(), 0750) != 0)
    return core::Status::unavailable("cannot chmod " + data_dir + ": " + std::strerror(errno));
  return core::Status::ok();
}

void restrict_database_files(const std::string& db_path) {
  for (const char* suffix : {"", "-wal", "-shm"})
    ::chmod((db_path + suffix).c_str(), 0640);  // a missing -wal or -shm is no error
}

std::vector<std::string> loose_permissions(const std::string& data_dir) {
  std::vector<std::string> out;
  auto check = [&out](const std::string& path, const char* fix) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || (st.st_mode & 0007) == 0) return;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    out.push_back(path + " is open to every local user (mode " + mode +
                  ") and holds customers' personal data: chmod " + fix + " " + path);
  };
  check(data_dir, "0750");
  const std::string db = data_dir + "/office.db";
  for (const char* suffix : {"", "-wal", "-shm"}) check(db + suffix, "0640");
  return out;
}

}  // namespace kopilka::office
