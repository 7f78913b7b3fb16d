// Tests of common/file_sync on real temporary directories: syncing a path, whole-file replacement
// (content, mode whatever the umask, through a symlink, owner and mode set before the file takes
// its name, no temp file left, another writer's left alone, concurrent writers never tearing the
// file, failure leaving the old file, each failure's own reason) and publishing a file written
// under a temporary name.
#include "common/file_sync.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "test_support/file_mode.h"
#include "test_support/temp_dir.h"

namespace fs = std::filesystem;
using kopilka::common::FileOwner;
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

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
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

TEST_CASE("a replaced file gets the new text and mode; another writer's temp file is left alone") {
  TempDir dir("kopilka-file-sync");
  fs::path file = dir.path / "office.credential";
  REQUIRE(write_file_atomically(file, "old\n", 0644));
  // What a writer still at work (or one killed half way) has beside the file: not ours.
  std::ofstream(file.string() + ".tmp") << "another writer's";
  REQUIRE(write_file_atomically(file, "new\n", 0600));
  CHECK(read(file) == "new\n");
  CHECK(mode_of(file.string()) == 0600);
  CHECK(read(file.string() + ".tmp") == "another writer's");
  fs::remove(file.string() + ".tmp");
  CHECK(names_in(dir.path) == std::set<std::string>{"office.credential"});
}

TEST_CASE("concurrent writers of one file each put a whole file in place, never a torn one") {
  // The daemon's PUT /v1/admin/config and `kopilka enroll` may rewrite kopilka.toml at once.
  TempDir dir("kopilka-file-sync");
  fs::path file = dir.path / "kopilka.toml";
  std::vector<std::string> texts;
  for (char c = 'a'; c < 'a' + 8; ++c)
    texts.push_back(std::string(1, c) + std::string(static_cast<std::size_t>(200000 + c), c));
  REQUIRE(write_file_atomically(file, texts[0], 0600));
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::set<std::string> seen_bad;
  std::thread reader([&] {
    while (!done) {
      std::string now = read(file);
      if (std::find(texts.begin(), texts.end(), now) == texts.end()) {
        seen_bad.insert(now.substr(0, 20));
        break;
      }
    }
  });
  std::vector<std::thread> writers;
  for (const std::string& text : texts) {
    writers.emplace_back([&] {
      for (int i = 0; i < 25; ++i)
        if (!write_file_atomically(file, text, 0600)) ++failures;
    });
  }
  for (auto& w : writers) w.join();
  done = true;
  reader.join();
  CHECK(failures == 0);
  CHECK(seen_bad.empty());
  CHECK(std::find(texts.begin(), texts.end(), read(file)) != texts.end());
  CHECK(names_in(dir.path) == std::set<std::string>{"kopilka.toml"});
}

TEST_CASE("the new file has its owner and mode before it takes the name") {
  TempDir dir("kopilka-file-sync");
  fs::path file = dir.path / "kopilka.toml";
  // As root the owner is really changed (to nobody); otherwise keeping one's own is the case.
  FileOwner owner =
      ::geteuid() == 0 ? FileOwner{65534, 65534} : FileOwner{::geteuid(), ::getegid()};
  REQUIRE(write_file_atomically(file, "a\n", 0600, owner));
  std::atomic<bool> done{false};
  std::string mismatch;
  std::thread reader([&] {
    while (!done && mismatch.empty()) {
      int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        mismatch = "the file was missing";
        break;
      }
      struct stat st {};
      ::fstat(fd, &st);
      char c = 0;
      if (::read(fd, &c, 1) != 1) c = 0;  // then it matches neither file: a mismatch below
      ::close(fd);
      // "b" is written 02640 for `owner`; "a" 0600 for the same owner.
      mode_t want = c == 'b' ? 02640 : 0600;
      if ((st.st_mode & 07777) != want || st.st_uid != owner.uid || st.st_gid != owner.gid)
        mismatch = std::string(1, c) + " had mode " + std::to_string(st.st_mode & 07777) +
                   " owner " + std::to_string(st.st_uid) + ":" + std::to_string(st.st_gid);
    }
  });
  for (int i = 0; i < 200; ++i) {
    REQUIRE(write_file_atomically(file, "b\n", 02640, owner));
    REQUIRE(write_file_atomically(file, "a\n", 0600, owner));
  }
  done = true;
  reader.join();
  CHECK(mismatch == "");
  REQUIRE(write_file_atomically(file, "b\n", 02640, owner));
  CHECK(mode_of(file.string()) == 02640);  // fchown cleared set-id bits; fchmod put them back
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK(st.st_uid == owner.uid);
  CHECK(st.st_gid == owner.gid);
}

TEST_CASE("a symlinked file stays a link, and the file it points to is replaced") {
  // /etc/kopilka/kopilka.toml -> /srv/cfg/kopilka.toml
  TempDir dir("kopilka-file-sync");
  fs::create_directory(dir.path / "etc");
  fs::create_directory(dir.path / "srv");
  fs::path real = dir.path / "srv" / "kopilka.toml";
  fs::path link = dir.path / "etc" / "kopilka.toml";
  REQUIRE(write_file_atomically(real, "old\n", 0640));
  fs::create_symlink("../srv/kopilka.toml", link);
  REQUIRE(write_file_atomically(link, "new\n", 0600));
  CHECK(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == "../srv/kopilka.toml");
  CHECK(read(real) == "new\n");
  CHECK(mode_of(real.string()) == 0600);
  CHECK(names_in(dir.path / "etc") == std::set<std::string>{"kopilka.toml"});
  CHECK(names_in(dir.path / "srv") == std::set<std::string>{"kopilka.toml"});
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
  CHECK(names_in(taken) == std::set<std::string>{"inside"});
  CHECK(names_in(dir.path) == std::set<std::string>{"taken"});
}

TEST_CASE("a failing write gives its own reason, not whatever errno was left") {
  // /dev/full takes the open but no byte: the short write's ENOSPC, not "Success".
  int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  errno = 0;
  CHECK(kopilka::common::write_all(fd, "listen = \"127.0.0.1:8765\"\n") == ENOSPC);
  CHECK(kopilka::common::write_all(fd, "") == 0);
  ::close(fd);
  // A descriptor closed under it: EBADF, kept though nothing after it fails.
  CHECK(kopilka::common::write_all(fd, "x") == EBADF);
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
