// Tests of register/backup_files: shift-close backups numbered as they are made and
// ordered by that number, whatever the clock that named them.
#include "register/backup_files.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "register/store.h"
#include "test_support/temp_dir.h"

using namespace kopilka;

TEST_CASE("backups are ordered as they were made, not by the clock that named them") {
  // A shift closed while the clock was a year ahead named its backup by that year: it
  // stayed the newest, the one a restore chose, and the real ones were pruned before it.
  namespace fs = std::filesystem;
  test::TempDir tmp{"kopilka-store-test"};
  auto dir = tmp.sub("data");
  auto store = daemon::Store::open(dir);
  REQUIRE(store.ok());
  std::string backups = dir + "/backups";
  fs::create_directories(backups);
  std::ofstream(backups + "/kopilka-1790000000.db") << "from before sequence numbers";
  REQUIRE((*store)->backup(backups, 1827921601, 3).ok());  // a year ahead
  for (core::Instant now : {1796405079, 1796491479, 1796577879})
    REQUIRE((*store)->backup(backups, now, 3).ok());
  auto all = daemon::list_backups(backups);
  REQUIRE(all.size() == 3);
  CHECK(fs::path(all[0].path).filename() == "kopilka-00000002-1796405079.db");
  CHECK(fs::path(all[2].path).filename() == "kopilka-00000004-1796577879.db");  // the newest
  CHECK(daemon::next_backup_name(backups, 5) == "kopilka-00000005-5.db");
}
