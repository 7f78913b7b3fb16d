// Tests of common/file_sync on real temporary directories: syncing a path, whole-file replacement
// (content, mode whatever the umask, no temp file left, a stale one cleared, failure leaves the old
// file) and publishing a file written under a temporary name.
#include "common/file_sync.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support/file_mode.h"
#include "test_support/temp_dir.h"

namespace fs = std::filesystem;
using kopilka::common::publish_file;
using kopilka::common::write_file_atomically;
using kopilka::test::mode_of;
using kopilka::test::TempDir;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a file is written whole with exactly the mode asked for") {
  TempDir dir("kopilka-file-sync");
  fs::path file = dir.path / "kopilka.toml";
  mode_t old_umask = ::umask(0077);
  REQUIRE(write_file_atomically(file, "listen = \"127.0.0.1:8765\"\n", 0644));
  ::umask(old_umask);
  CHECK(read(file) == "listen = \"127.0.0.1:8765\"\n");
  CHECK(mode_of(file.string()) == 0644);
  CHECK_FALSE(fs::exists(file.string() + ".tmp"));
}

TEST_CASE("a replaced file gets the new text and mode, and a stale temp file is cleared") {
  TempDir dir("kopilka-file-sync");
  fs::path file = dir.path / "office.credential";
  REQUIRE(write_file_atomically(file, "old\n", 0644));
  std::ofstream(file.string() + ".tmp") << "left by a killed write";
  REQUIRE(write_file_atomically(file, "new\n", 0600));
  CHECK(read(file) == "new\n");
  CHECK(mode_of(file.string()) == 0600);
  CHECK_FALSE(fs::exists(file.string() + ".tmp"));
}

TEST_CASE("a write that cannot happen says so and leaves the old file") {
  TempDir dir("kopilka-file-sync");
  fs::path missing = dir.path / "no-such-dir" / "kopilka.toml";
  auto s = write_file_atomically(missing, "x", 0600);
  CHECK(s.code() == kopilka::core::Code::kUnavailable);
  CHECK(s.message() == "cannot write " + missing.string() + ".tmp: No such file or directory");

  // The target is a directory: the temp file is written, the rename fails, nothing stays.
  fs::path taken = dir.path / "taken";
  fs::create_directory(taken);
  fs::create_directory(taken / "inside");
  s = write_file_atomically(taken, "x", 0600);
  CHECK(s.code() == kopilka::core::Code::kUnavailable);
  CHECK(s.message().rfind("cannot write " + taken.string() + ": ", 0) == 0);
  CHECK(fs::is_directory(taken / "inside"));
  CHECK_FALSE(fs::exists(taken.string() + ".tmp"));
}

TEST_CASE("a finished file is published under its final name") {
  TempDir dir("kopilka-file-sync");
  fs::path partial = dir.path / ".partial-kopilka-1.db";
  fs::path target = dir.path / "kopilka-1.db";
  std::ofstream(partial) << "backup";
  REQUIRE(publish_file(partial, target));
  CHECK(read(target) == "backup");
  CHECK_FALSE(fs::exists(partial));

  auto s = publish_file(dir.path / "gone", target);
  CHECK(s.code() == kopilka::core::Code::kUnavailable);
  CHECK(s.message() == "cannot sync " + (dir.path / "gone").string());
  CHECK(read(target) == "backup");
}

TEST_CASE("sync_path syncs a file and its directory, and is false for a missing path") {
  TempDir dir("kopilka-file-sync");
  std::string file = (dir.path / "backup.db").string();
  std::ofstream(file) << "data";
  CHECK(kopilka::common::sync_path(file));
  CHECK(kopilka::common::sync_path(dir.path.string()));
  CHECK(!kopilka::common::sync_path((dir.path / "none").string()));
}
