// Tests of office/data_dir: head office's data is not every local user's to read.
#include "office/data_dir.h"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "office/sqlite_store.h"
#include "test_support/file_mode.h"
#include "test_support/temp_dir.h"

using namespace kopilka;
using test::mode_of;

TEST_CASE("a new data dir is 0750 and office.db 0640 whatever the umask") {
  test::TempDir tmp{"kopilka-office-perm"};
  std::string dir = tmp.sub("data");
  mode_t old = ::umask(022);  // head office once left 0755 and 0644 under this umask
  {
    core::Settings settings;
    settings.zone = *core::locate_zone("Europe/Moscow");
    auto store = office::SqliteStore::open(dir, settings);
    REQUIRE(store.ok());
    CHECK(mode_of(dir) == 0750);
    CHECK(mode_of(dir + "/office.db") == 0640);
    if (std::filesystem::exists(dir + "/office.db-wal"))
      CHECK(mode_of(dir + "/office.db-wal") == 0640);
    CHECK(office::loose_permissions(dir).empty());
    // A file a technician loosened is reported with its fix, not changed.
    REQUIRE(::chmod((dir + "/office.db").c_str(), 0644) == 0);
    auto loose = office::loose_permissions(dir);
    REQUIRE(loose.size() == 1);
    CHECK(loose[0].find(dir + "/office.db is open to every local user (mode 0644)") == 0);
    CHECK(loose[0].find("chmod 0640 " + dir + "/office.db") != std::string::npos);
  }
  ::umask(old);
}
