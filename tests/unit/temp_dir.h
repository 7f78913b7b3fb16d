// Test helpers for tests on real files: a fresh directory under the system's temp dir,
// removed with everything in it at the end of the test, and a file's permission bits.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

namespace kopilka::test {

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name = "kopilka-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (name + "-XXXXXX")).string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace kopilka::test
