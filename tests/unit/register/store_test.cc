// Tests of register/store against a real SQLite file: migrations, the register id, the
// journal's entry ids, and refusing a database from a newer version.
#include "register/store.h"

#include <doctest/doctest.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>

#include "common/db.h"
#include "core/time.h"
#include "test_support/temp_dir.h"

using namespace kopilka;

TEST_CASE("the register keeps its id and numbers journal entries from 1") {
  test::TempDir tmp{"kopilka-store-test"};
  auto dir = tmp.sub("data");
  std::string id;
  {
    auto store = daemon::Store::open(dir);
    REQUIRE(store.ok());
    id = (*store)->register_id();
    CHECK(id.rfind("r-", 0) == 0);
    auto e1 = (*store)->next_entry_id();
    REQUIRE(e1.ok());
    CHECK(*e1 == id + ":1");
    REQUIRE((*store)
                ->append_journal(*e1, "receipt", "", 0, core::Json::object(), core::Json::object())
                .is_ok());
    CHECK(*(*store)->next_entry_id() == id + ":2");
    CHECK(*(*store)->pending_entries() == 1);
  }
  auto again = daemon::Store::open(dir);
  REQUIRE(again.ok());
  CHECK((*again)->register_id() == id);
}

TEST_CASE("pending entries: unacknowledged ones, less those refused and set aside") {
  test::TempDir tmp{"kopilka-store-pending"};
  auto store = daemon::Store::open(tmp.sub("data"));
  REQUIRE(store.ok());
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    auto id = (*store)->next_entry_id();
    REQUIRE(id.ok());
    REQUIRE((*store)
                ->append_journal(*id, "receipt", "", 0, core::Json::object(), core::Json::object())
                .is_ok());
    ids.push_back(*id);
  }
  REQUIRE(*(*store)->mark_acked({ids[0]}) == 1);
  REQUIRE((*store)->record_refusal(ids[1], "card_blocked", "blocked", 10).is_ok());
  REQUIRE((*store)->record_refusal(ids[2], "card_blocked", "blocked", 10).is_ok());
  CHECK(*(*store)->pending_entries() == 3);  // a refusal still waits for the technician
  REQUIRE(*(*store)->set_aside_refused(ids[1], 20) == 1);
  CHECK(*(*store)->pending_entries() == 2);
  CHECK(*(*store)->refused_count() == 1);
}

TEST_CASE("a database from a newer kopilkad is refused") {
  test::TempDir tmp{"kopilka-store-test"};
  auto dir = tmp.sub("data");
  { REQUIRE(daemon::Store::open(dir).ok()); }
  {
    auto db = common::Db::open(dir + "/kopilka.db");
    REQUIRE(db.ok());
    REQUIRE((*db)->exec("PRAGMA user_version = 99").is_ok());
  }
  auto store = daemon::Store::open(dir);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == core::Code::kCorrupt);
  CHECK(store.status().message().find("newer") != std::string::npos);
}

TEST_CASE("an emptied database file is refused, not started over, and left as it is") {
  test::TempDir tmp{"kopilka-store-test"};
  auto dir = tmp.sub("data");
  { REQUIRE(daemon::Store::open(dir).ok()); }
  std::filesystem::resize_file(dir + "/kopilka.db", 0);
  std::filesystem::remove(dir + "/kopilka.db-wal");
  std::filesystem::remove(dir + "/kopilka.db-shm");
  auto store = daemon::Store::open(dir);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == core::Code::kCorrupt);
  CHECK(store.status().message().find("is empty") != std::string::npos);
  CHECK(store.status().message().find("kopilka doctor") != std::string::npos);
  CHECK(std::filesystem::file_size(dir + "/kopilka.db") == 0);
  // A data dir without the file is a new register: that one is created.
  std::filesystem::remove(dir + "/kopilka.db");
  CHECK(daemon::Store::open(dir).ok());
}

TEST_CASE("backups appear whole or not at all, and only whole ones are counted and kept") {
  namespace fs = std::filesystem;
  test::TempDir tmp{"kopilka-store-test"};
  auto dir = tmp.sub("data");
  auto store = daemon::Store::open(dir);
  REQUIRE(store.ok());
  std::string backups = dir + "/backups";
  fs::create_directories(backups);
  // What a kill during an earlier backup left: a partial copy and its hot journal.
  for (const char* f : {"/.partial-kopilka-50.db", "/.partial-kopilka-50.db-journal"})
    std::ofstream(backups + f) << "half a database";
  for (core::Instant now : {100, 101, 102}) REQUIRE((*store)->backup(backups, now, 2).ok());
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(backups)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"kopilka-00000002-101.db", "kopilka-00000003-102.db"});
  for (const auto& name : names) {
    auto copy = common::Db::open(backups + "/" + name);
    REQUIRE(copy.ok());
    auto check = (*copy)->prepare("PRAGMA integrity_check");
    REQUIRE(check.ok());
    REQUIRE(*check->step());
    CHECK(check->text(0) == "ok");
    check->reset();
  }
}

TEST_CASE("a backup put in place numbers its journal a million past itself, once") {
  // A backup copied over the database by hand (docs/reliability.md): entries the replaced
  // file journalled after the backup may be at head office, which refuses their ids for
  // other entries for good; the refused receipts' points never reached it.
  namespace fs = std::filesystem;
  test::TempDir tmp{"kopilka-store-test"};
  auto dir = tmp.sub("data");
  auto append = [](daemon::Store& store) {
    auto id = store.next_entry_id();
    REQUIRE(id.ok());
    REQUIRE(store.append_journal(*id, "receipt", "", 0, core::Json::object(), core::Json::object())
                .is_ok());
  };
  std::string copy, id;
  {
    auto store = daemon::Store::open(dir);
    REQUIRE(store.ok());
    id = (*store)->register_id();
    append(**store);
    append(**store);
    auto made = (*store)->backup(dir + "/backups", 100, 7);
    REQUIRE(made.ok());
    copy = *made;
    append(**store);  // :3, after the backup: at head office by now
  }
  auto live = daemon::Store::open(dir);  // the database itself: no jump
  REQUIRE(live.ok());
  CHECK(*(*live)->next_entry_id() == id + ":4");
  auto restored = tmp.sub("restored");
  fs::create_directories(restored);
  fs::copy_file(copy, restored + "/kopilka.db");
  for (int open = 0; open < 2; ++open) {
    auto store = daemon::Store::open(restored);
    REQUIRE(store.ok());
    CHECK((*store)->register_id() == id);
    CHECK(*(*store)->next_entry_id() == id + ":1000003");
  }
}

TEST_CASE("cards round-trip and are found by phone") {
  test::TempDir tmp{"kopilka-store-test"};
  auto dir = tmp.sub("data");
  auto store = daemon::Store::open(dir);
  REQUIRE(store.ok());
  core::CardState c;
  c.number = "2000000000015";
  c.customer =
      core::Customer{"c-1", "Анна", std::string("+79991234567"), std::nullopt, std::nullopt, {}};
  c.spent = 123;
  REQUIRE((*store)->save_card(c, 0).is_ok());
  auto by_phone = (*store)->find_card_by_phone("+79991234567");
  REQUIRE(by_phone.ok());
  REQUIRE(by_phone->has_value());
  CHECK((*by_phone)->spent == 123);
  auto missing = (*store)->load_card("1111");
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->has_value());
}

TEST_CASE("a database damaged deep inside serves reads, but refuses every write and backup") {
  namespace fs = std::filesystem;
  test::TempDir tmp{"kopilka-store-test"};
  auto dir = tmp.sub("data");
  {
    auto store = daemon::Store::open(dir);
    REQUIRE(store.ok());
    std::string detail(300, 'x');
    REQUIRE(common::in_transaction((*store)->db(), [&]() -> core::Status {
              for (int i = 0; i < 3000; ++i) {
                auto id = (*store)->next_entry_id();
                if (!id) return id.status();
                if (auto s = (*store)->append_journal(*id, "receipt", "", 0, core::Json::object(),
                                                      core::Json{{"note", detail}});
                    !s)
                  return s;
              }
              return core::Status::ok();
            }).is_ok());
  }
  std::string path = dir + "/kopilka.db";
  REQUIRE_FALSE(fs::exists(path + "-wal"));  // checkpointed when the last connection closed
  auto size = fs::file_size(path);
  REQUIRE(size > 100 * 4096);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    std::string garbage(4096, '\xa5');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  std::promise<core::Status> verdict;
  auto store = daemon::Store::open(dir, [&](const core::Status& s) { verdict.set_value(s); });
  REQUIRE(store.ok());  // the check runs in the background: the API can come up
  CHECK((*store)->register_id().rfind("r-", 0) == 0);
  core::Status checked = verdict.get_future().get();
  CHECK(checked.code() == core::Code::kCorrupt);
  CHECK(std::string((*store)->integrity_state()) == "damaged");
  CHECK(checked.message().find("kopilka doctor") != std::string::npos);
  core::Status write = common::in_transaction((*store)->db(), [] { return core::Status::ok(); });
  CHECK(write.code() == core::Code::kCorrupt);
  CHECK((*store)->backup(dir + "/backups", 100, 7).status().code() == core::Code::kCorrupt);
  CHECK_FALSE(fs::exists(dir + "/backups/kopilka-100.db"));
}

TEST_CASE("a whole database is checked in the background and writes go on after the verdict") {
  test::TempDir tmp{"kopilka-store-test"};
  auto dir = tmp.sub("data");
  { REQUIRE(daemon::Store::open(dir).ok()); }
  std::promise<core::Status> verdict;
  auto store = daemon::Store::open(dir, [&](const core::Status& s) { verdict.set_value(s); });
  REQUIRE(store.ok());
  // A write that comes first waits for the check instead of failing.
  auto id = (*store)->next_entry_id();
  REQUIRE(id.ok());
  CHECK(common::in_transaction((*store)->db(), [&] {
          return (*store)->append_journal(*id, "receipt", "", 0, core::Json::object(),
                                          core::Json::object());
        }).is_ok());
  CHECK(verdict.get_future().get().is_ok());
  CHECK((*store)->integrity().is_ok());
  CHECK(std::string((*store)->integrity_state()) == "ok");
}

TEST_CASE("what the register records waits for the disk; pulled slices on the second do not") {
  test::TempDir tmp{"kopilka-store-test"};
  auto store = daemon::Store::open(tmp.sub("data"));
  REQUIRE(store.ok());
  auto second = daemon::Store::open_second(**store);
  REQUIRE(second.ok());
  // 2 is FULL: receipts, acknowledgements, admin changes. 1 is NORMAL: head office's state,
  // which a power cut may roll back to an earlier slice and its cursor, pulled again.
  CHECK(*(*store)->db().query_int("PRAGMA synchronous") == 2);
  CHECK(*(*second)->db().query_int("PRAGMA synchronous") == 1);
}

TEST_CASE("a push's entries stay within its byte budget, and a big entry still goes alone") {
  // 500 receipts of 20 KB each were 10 MB, over head office's 8 MiB body: every sync failed.
  test::TempDir tmp{"kopilka-store-push-bytes"};
  auto store = daemon::Store::open(tmp.sub("data"));
  REQUIRE(store.ok());
  const std::string long_detail = R"({"note":")" + std::string(100'000, 'x') + R"("})";
  for (int i = 0; i < 5; ++i) {
    auto id = (*store)->next_entry_id();
    REQUIRE(id.ok());
    REQUIRE((*store)
                ->append_journal_text(*id, "receipt", "", 0, core::Json::object(), long_detail)
                .is_ok());
  }
  const core::Zone utc = core::locate_zone("UTC").value();
  auto two = (*store)->unacked_entries(0, 100, 500, 250'000, utc);
  REQUIRE(two.ok());
  CHECK(two->size() == 2);
  auto alone = (*store)->unacked_entries(0, 100, 500, 1'000, utc);
  REQUIRE(alone.ok());
  CHECK(alone->size() == 1);
  auto all = (*store)->unacked_entries(0, 100, 500, 4 << 20, utc);
  REQUIRE(all.ok());
  CHECK(all->size() == 5);
}

TEST_CASE("a card saved again keeps its phone's index right, changed or not") {
  // A save with the phone unchanged (every confirm) no longer rewrites the phone index.
  test::TempDir tmp{"kopilka-store-phone"};
  auto store = daemon::Store::open(tmp.sub("data"));
  REQUIRE(store.ok());
  core::CardState card;
  card.number = "2000000000015";
  card.customer = core::Customer{};
  card.customer->id = "c-1";
  card.customer->phone = "+79990000001";
  REQUIRE((*store)->save_card(card, 1).is_ok());
  card.spent = 5000;
  REQUIRE((*store)->save_card(card, 2).is_ok());
  auto found = (*store)->find_card_by_phone("+79990000001");
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->spent == 5000);
  CHECK(*(*store)->db().query_int("SELECT updated FROM cards") == 2);

  card.customer->phone = "+79990000002";
  REQUIRE((*store)->save_card(card, 3).is_ok());
  CHECK_FALSE((*store)->find_card_by_phone("+79990000001")->has_value());
  CHECK((*store)->find_card_by_phone("+79990000002")->has_value());
  card.customer->phone.reset();
  REQUIRE((*store)->save_card(card, 4).is_ok());
  CHECK_FALSE((*store)->find_card_by_phone("+79990000002")->has_value());
  CHECK(*(*store)->db().query_int("SELECT count(*) FROM cards WHERE phone IS NULL") == 1);
}
