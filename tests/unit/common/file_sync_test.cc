// Tests of common/file_sync on a real temporary directory: files and directories sync,
// a missing path says so.
#include "common/file_sync.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

TEST_CASE("sync_path syncs a file and its directory, and is false for a missing path") {
  std::string pattern = (fs::temp_directory_path() / "kopilka-file-sync-XXXXXX").string();
  fs::path dir = ::mkdtemp(pattern.data());
  std::string file = (dir / "backup.db").string();
  std::ofstream(file) << "data";
  CHECK(kopilka::common::sync_path(file));
  CHECK(kopilka::common::sync_path(dir.string()));
  CHECK(!kopilka::common::sync_path((dir / "none").string()));
  fs::remove_all(dir);
}
