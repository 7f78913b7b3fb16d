// A file's permission bits, for tests that check what mode a file or directory was given.
#pragma once

#include <sys/stat.h>

#include <doctest/doctest.h>

#include <string>

namespace kopilka::test {

inline unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace kopilka::test
