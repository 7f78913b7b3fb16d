// Head office backups (office/backup.h): names, mode, and what happens without a database.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "core/engine.h"
#include "office/backup.h"
#include "office/sqlite_store.h"
#include "test_support/temp_dir.h"

namespace fs = std::filesystem;
using kopilka::office::backup_file_name;
using kopilka::office::backup_office;
using kopilka::test::TempDir;

namespace {

std::chrono::system_clock::time_point at(std::int64_t unix_seconds) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds));
}

}  // namespace

TEST_CASE("a backup is named by its UTC time") {
  CHECK(backup_file_name(at(1795950000)) == "office-20261129-110000Z.db");
  CHECK(backup_file_name(at(0)) == "office-19700101-000000Z.db");
}

TEST_CASE("backups are 0640, never overwrite each other, and need a database") {
  TempDir dir;
  std::string data = (dir.path / "data").string();
  std::string out = (dir.path / "backups").string();
  auto none = backup_office(data, out, at(1795950000));
  CHECK(none.status().code() == kopilka::core::Code::kNotFound);
  CHECK_FALSE(fs::exists(out));
  {
    kopilka::core::Settings settings;
    settings.zone = *kopilka::core::locate_zone("Europe/Moscow");
    auto store = kopilka::office::SqliteStore::open(data, settings);
    REQUIRE(store);
  }
  ::umask(0);  // the mode must not depend on the caller's umask
  auto first = backup_office(data, out, at(1795950000));
  auto second = backup_office(data, out, at(1795950000));
  ::umask(022);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(*first == out + "/office-20261129-110000Z.db");
  CHECK(*second == out + "/office-20261129-110000Z-2.db");
  struct stat st {};
  REQUIRE(::stat(first->c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
  REQUIRE(::stat(out.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0750);
  for (const auto& e : fs::directory_iterator(out))  // nothing half-written left behind
    CHECK(e.path().filename().string().rfind(".partial-", 0) != 0);
}
