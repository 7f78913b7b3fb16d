// A fresh directory for one unit test that needs real files (SQLite stores, backups,
// config files), removed with everything in it when the test ends, also when a REQUIRE
// fails half way. Header-only: every unit-test binary can include it.
#pragma once

#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <system_error>

namespace kopilka::test {

struct TempDir {
  std::filesystem::path path;

  // `prefix` names the directory (prefix-XXXXXX under the system temp dir), so a leftover
  // from a crashed run says which test made it.
  explicit TempDir(const std::string& prefix = "kopilka-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;  // a destructor must not throw; a leftover is only untidy
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // A path inside it, as a string; nothing is created there. A store opened at
  // sub("data") finds no directory, as on a register's first start.
  std::string sub(const std::string& name) const { return (path / name).string(); }
};

}  // namespace kopilka::test
