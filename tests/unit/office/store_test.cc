// Tests of head office's storage against real SQLite files: enrolment, exactly-once push
// across a reopen, delta pull pages and the server sequence. With KOPILKA_TEST_PG_ADMIN_URL
// set (a libpq URL of a cluster's maintenance database; CTest's unit_office_postgresql sets
// it, tests/integration/pg_cluster.py), the same tests run on the PostgreSQL engine, each on
// a database of its own.
#include <doctest/doctest.h>

#include <unistd.h>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <thread>

#include "common/db.h"
#include "core/engine.h"
#include "office/pg_store.h"
#include "office/pull_page.h"
#include "office/sqlite_store.h"
#include "test_support/office_store.h"
#include "test_support/temp_dir.h"

using namespace kopilka;

namespace {

using office::test::TempStore;
core::Result<std::string> pull(TempStore& t, std::int64_t after, std::int64_t limit);

core::Result<std::string> pull(TempStore& t, std::int64_t after, std::int64_t limit) {
  auto changes = t.store->changes_after(after, limit, office::Remaining::kCounted);
  if (!changes) return changes.status();
  return office::write_pull_page(*changes);
}

core::Json entry(const std::string& id, std::int64_t points) {
  return *core::parse_json_exact(R"({"id": ")" + id +
                                 R"(", "kind": "receipt", "at": "2026-11-24T12:00:00+03:00",
      "effects": {"card": "2000000000015", "spent_delta": 1000, "new_lots": [{"id": "0", "program": "",
      "earned_day": "2026-11-24", "usable_from": "2026-11-24", "last_day": null, "points": )" +
                                 std::to_string(points) + "}]}}");
}

}  // namespace

TEST_CASE("enrolment codes work once and credentials authenticate only their register") {
  TempStore t;
  auto code = t.store->add_register("Till 1", 1000);
  REQUIRE(code.ok());
  CHECK(code->size() == 14);  // XXXX-XXXX-XXXX
  auto e = t.store->enroll(*code, "", 1001);
  REQUIRE(e.ok());
  CHECK(t.store->enroll(*code, "", 1002).status().code() == core::Code::kConflict);
  CHECK(*t.store->authenticate(e->credential) == e->register_id);
  CHECK_FALSE(t.store->authenticate(e->register_id + ".wrong").ok());
  auto late = t.store->add_register("Till 2", 1000);
  CHECK(t.store->enroll(*late, "", 1000 + 25 * 3600).status().code() ==
        core::Code::kConflict);  // expired
}

TEST_CASE("entries apply exactly once, even after head office restarts") {
  TempStore t;
  core::Json batch = core::Json::array({entry("r-1:1", 10), entry("r-1:2", 20)});
  auto first = office::push(*t.store, "r-1", batch, 0);
  REQUIRE(first.ok());
  CHECK(first->applied == 2);
  t.reopen();
  auto again = office::push(*t.store, "r-1", batch, 0);
  REQUIRE(again.ok());
  CHECK(again->applied == 0);
  CHECK(again->acked.size() == 2);
  auto card = t.store->load_card("2000000000015");
  REQUIRE(card.ok());
  CHECK((*card)->spent == 2000);
  REQUIRE((*card)->lots.size() == 1);  // one register's lots of one kind fold into one
  CHECK((*card)->lots[0].remaining == 30);
  CHECK(office::push(*t.store, "r-2", batch, 0).status().code() == core::Code::kConflict);
}

TEST_CASE("an entry id with quotes, commas and backslashes refuses its batch, nothing applied") {
  TempStore t;
  const std::string odd = R"(r-1:"7",{x}\)";
  core::Json odd_entry = entry("r-1:1", 5);
  odd_entry["id"] = odd;
  auto r = office::push(*t.store, "r-1", core::Json::array({odd_entry, entry("r-1:2", 1)}), 0);
  CHECK(r.status().code() == core::Code::kInvalid);
  CHECK(r.status().field() == "entries[0].id");
  auto again = office::push(*t.store, "r-1", core::Json::array({entry("r-1:2", 1)}), 0);
  REQUIRE(again.ok());
  CHECK(again->applied == 1u);  // the refused batch left nothing behind
}

TEST_CASE("pull pages follow the server sequence and collapse repeated changes") {
  TempStore t;
  for (int i = 0; i < 5; ++i)
    REQUIRE(office::push(*t.store, "r-1",
                         core::Json::array({entry("r-1:" + std::to_string(i + 1), 1)}), 0)
                .ok());
  auto text = pull(t, 0, 10);
  REQUIRE(text.ok());
  auto page = core::parse_json_exact(*text);
  REQUIRE(page.ok());
  REQUIRE((*page)["changes"].size() == 1);  // one card, changed five times
  CHECK((*page)["changes"][0]["type"] == "card");
  REQUIRE((*page)["changes"][0]["state"]["lots"].size() == 1);  // folded: one kind
  CHECK((*page)["changes"][0]["state"]["lots"][0]["remaining"] == 5);
  CHECK((*page)["more"] == false);
  auto after = pull(t, (*page)["next"].get<std::int64_t>(), 10);
  REQUIRE(after.ok());
  CHECK((*core::parse_json_exact(*after))["changes"].empty());
}

TEST_CASE("a card state damaged on disk fails the pull instead of going out to registers") {
  TempStore t;
  REQUIRE(office::push(*t.store, "r-1", core::Json::array({entry("r-1:1", 1)}), 0).ok());
  t.tamper("UPDATE cards SET state = '{\"number\": \"20000' ");
  auto page = pull(t, 0, 10);
  REQUIRE_FALSE(page.ok());
  CHECK(page.status().code() == core::Code::kCorrupt);
  CHECK(page.status().message().find("damaged") != std::string::npos);
}

TEST_CASE("a group commit applies many registers' batches once each, in one transaction") {
  TempStore t;
  auto enrol = [&](const char* name) {
    auto code = t.store->add_register(name, 1000);
    REQUIRE(code.ok());
    auto e = t.store->enroll(*code, "", 1001);
    REQUIRE(e.ok());
    return e->register_id;
  };
  std::string a = enrol("Till 1"), b = enrol("Till 2");
  REQUIRE(office::push(*t.store, a, core::Json::array({entry(a + ":1", 100)}), 2000).ok());

  auto batch = [&](const std::string& reg, std::vector<core::Json> entries) {
    auto parsed = office::parse_push(reg, core::Json(entries));
    REQUIRE(parsed.ok());
    office::PendingPush p;
    p.register_id = reg;
    p.entries = std::move(*parsed);
    return p;
  };
  std::vector<office::PendingPush> group;
  // a:1 was applied before; a:2 comes twice in one group (a retry that overtook its
  // answer); b:1 is new.
  group.push_back(batch(a, {entry(a + ":1", 100), entry(a + ":2", 20)}));
  group.push_back(batch(b, {entry(b + ":1", 3)}));
  group.push_back(batch(a, {entry(a + ":2", 20)}));
  REQUIRE(t.store->apply_pushes(group, 2001).is_ok());
  CHECK(group[0].result.acked == std::vector<std::string>{a + ":1", a + ":2"});
  CHECK(group[0].result.applied == 1);
  CHECK(group[1].result.applied == 1);
  CHECK(group[2].result.acked == std::vector<std::string>{a + ":2"});
  CHECK(group[2].result.applied == 0);
  auto card = t.store->load_card("2000000000015");
  REQUIRE(card.ok());
  REQUIRE(card->has_value());
  CHECK((*card)->spent == 3000);
  std::int64_t points = 0;
  for (const auto& lot : (*card)->lots) points += lot.remaining;
  CHECK(points == 123);
  // Another register's entry in a batch refuses the batch before anything is touched.
  CHECK(office::parse_push(b, core::Json::array({entry(a + ":3", 1)})).status().code() ==
        core::Code::kConflict);
  // An id is the register's and its journal number: control characters, formulas or
  // 100 000 bytes after the colon went on into the journal's CSV export.
  for (const std::string& tail :
       {std::string(), std::string(R"(z\n=1)"), std::string("=HYPERLINK(1)"),
        std::string(100000, '7'), std::string("05"), std::string("007")}) {
    auto refused = office::parse_push(a, core::Json::array({entry(a + ":" + tail, 1)}));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().code() == core::Code::kInvalid);
    CHECK(refused.status().field() == "entries[0].id");
  }
  // One journal number twice in a push (":5" and ":5" with other points) was acked as a
  // whole while one of the two was dropped unsaid; the push is refused, naming the second.
  auto twice = office::parse_push(a, core::Json::array({entry(a + ":5", 1), entry(a + ":5", 2)}));
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.status().code() == core::Code::kInvalid);
  CHECK(twice.status().field() == "entries[1].id");
}

TEST_CASE("an emptied or cut-short office.db is refused by name, never started over") {
  TempStore t;
  if (t.on_postgres()) return;  // SQLite's file
  REQUIRE(t.store
              ->put_card([] {
                core::CardState c;
                c.number = "2000000000015";
                return c;
              }())
              .ok());
  t.store.reset();
  const std::string path = t.dir + "/office.db";
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  for (std::uintmax_t size : {std::uintmax_t{0}, std::uintmax_t{100}}) {
    std::filesystem::resize_file(path, size);
    auto s = office::SqliteStore::open(t.dir, t.settings);
    REQUIRE_FALSE(s.ok());
    CHECK(s.status().code() == core::Code::kCorrupt);
    CHECK(s.status().message().find(path) != std::string::npos);
    CHECK(s.status().message().find("restore it from a backup") != std::string::npos);
    CHECK(std::filesystem::file_size(path) == size);
  }
}

namespace {

core::Json adjust_entry(const std::string& id, const std::string& kind, std::int64_t points) {
  return *core::parse_json_exact(R"({"id": ")" + id + R"(", "kind": ")" + kind +
                                 R"(", "at": "2026-11-24T12:00:00+03:00",
      "effects": {"card": "2000000000015", "new_lots": [{"id": "0", "program": "",
      "earned_day": "2026-11-24", "usable_from": "2026-11-24", "last_day": null, "points": )" +
                                 std::to_string(points) + "}]}}");
}

std::int64_t points_of(TempStore& t) {
  auto card = t.store->load_card("2000000000015");
  REQUIRE(card.ok());
  REQUIRE(card->has_value());
  std::int64_t points = 0;
  for (const auto& lot : (*card)->lots) points += lot.remaining;
  return points - (*card)->debt;
}

}  // namespace

TEST_CASE("an entry beyond the register's limits is refused by id; the rest of its batch applies") {
  TempStore t;
  const std::int64_t kHuge = std::numeric_limits<std::int64_t>::max();
  core::Json batch = core::Json::array({entry("r-1:1", 10), adjust_entry("r-1:2", "adjust", kHuge),
                                        adjust_entry("r-1:3", "bogus", 7), entry("r-1:4", 5),
                                        adjust_entry("r-1:5", "adjust", kHuge)});
  for (int round = 0; round < 2; ++round) {  // sent again: refused again, never recorded
    CAPTURE(round);
    auto r = office::push(*t.store, "r-1", batch, 0);
    REQUIRE(r.ok());
    CHECK(r->acked == std::vector<std::string>{"r-1:1", "r-1:4"});
    CHECK(r->applied == (round == 0 ? 2u : 0u));
    REQUIRE(r->refused.size() == 3);
    CHECK(r->refused[0].id == "r-1:2");
    CHECK(r->refused[0].why.field() == "effects.new_lots[0].points");
    CHECK(r->refused[1].id == "r-1:3");
    CHECK(r->refused[1].why.field() == "kind");
    CHECK(r->refused[2].id == "r-1:5");
    CHECK(points_of(t) == 15);
  }
  // An adjustment within the register's limits applies.
  auto ok =
      office::push(*t.store, "r-1", core::Json::array({adjust_entry("r-1:6", "adjust", 1000)}), 0);
  REQUIRE(ok.ok());
  CHECK(ok->refused.empty());
  CHECK(points_of(t) == 1015);
}

TEST_CASE("a receipt's detail the reports add up is refused when no register could write it") {
  // A forged total of 2^63 − 1 on two receipts wrapped the revenue below zero.
  TempStore t;
  auto with_detail = [](const std::string& id, const std::string& detail) {
    core::Json e = entry(id, 1);
    e["detail"] = *core::parse_json_exact(detail);
    return e;
  };
  core::Json batch = core::Json::array(
      {with_detail("r-1:1", R"({"receipt_id": "H1", "total": 9223372036854775807})"),
       with_detail("r-1:2", R"({"receipt_id": "H2", "total": -500000000})"),
       with_detail("r-1:3", R"({"receipt_id": "H3", "total": 1000,
                                "response": {"applied": [{"program": "p", "discount": -5}]}})"),
       with_detail("r-1:4", R"({"receipt_id": "H4", "total": 1000,
                                "response": {"money_returned": 1.5}})"),
       with_detail("r-1:5", R"({"receipt_id": "H5", "total": 1000})"),
       // 1 000 receipts of 10^16 wrapped a day's revenue: money is at most a receipt's 10^13.
       with_detail("r-1:6", R"({"receipt_id": "H6", "total": 10000000000001})"),
       with_detail("r-1:7", R"({"receipt_id": "H7", "total": 10000000000000})"),
       // Whether a return left nothing of its receipt is a yes or a no.
       with_detail("r-1:8", R"({"receipt_id": "H7", "completes_receipt": 1})"),
       // A bank card's number or a 7 MB name in a line: kept, shown to staff, a gigabyte's
       // page. A product's barcode (an EAN-13 that passes Luhn too, as a tenth do) is not a card's
       // number.
       with_detail("r-1:9", R"({"receipt_id": "H9", "request": {"lines": [
                                {"sku": "4600000000060", "name": "paid by 4111111111111111"}]}})"),
       with_detail("r-1:10", R"({"receipt_id": "H10", "request": {"lines": [
                                 {"sku": "%B4111111111111111^DOE/JOHN^2512101"}]}})"),
       with_detail("r-1:11", R"({"receipt_id": "H11", "request": {"lines": [
                                 {"sku": "4600000000060", "name": "Чай"}]}})"),
       with_detail("r-1:12", R"({"receipt_id": "H12", "request": {"lines": [{"name": ""}]}})")});
  batch[11]["detail"]["request"]["lines"][0]["name"] = std::string(5000, 'x');
  auto r = office::push(*t.store, "r-1", batch, 0);
  REQUIRE(r.ok());
  CHECK(r->acked == std::vector<std::string>{"r-1:5", "r-1:7", "r-1:11"});
  REQUIRE(r->refused.size() == 9);
  CHECK(r->refused[5].why.field() == "detail.completes_receipt");
  CHECK(r->refused[6].why.field() == "detail.request.lines[0].name");
  CHECK(r->refused[6].why.message().find("4111") == std::string::npos);
  CHECK(r->refused[7].why.field() == "detail.request.lines[0].sku");
  CHECK(r->refused[8].why.field() == "detail.request.lines[0].name");
  CHECK(r->refused[8].why.message() == "is longer than a register writes");
  CHECK(r->refused[0].why.field() == "detail.total");
  CHECK(r->refused[1].why.field() == "detail.total");
  CHECK(r->refused[2].why.field() == "detail.response.applied[0].discount");
  CHECK(r->refused[3].why.field() == "detail.response.money_returned");
  CHECK(r->refused[4].why.field() == "detail.total");
  CHECK(r->refused[4].why.message() == "must be a whole number from 0 to 10^13");
}

TEST_CASE("a pushed entry dated where no shop can be is refused by id, naming at") {
  TempStore t;
  for (const char* at : {"1970-01-01T00:00:00Z", "2250-01-01T00:00:00Z"}) {
    CAPTURE(at);
    core::Json bad = entry("r-1:9", 10);
    bad["at"] = at;
    auto r = office::push(*t.store, "r-1", core::Json::array({bad, entry("r-1:1", 10)}), 0);
    REQUIRE(r.ok());
    CHECK(r->acked == std::vector<std::string>{"r-1:1"});
    REQUIRE(r->refused.size() == 1);
    CHECK(r->refused[0].id == "r-1:9");
    CHECK(r->refused[0].why.field() == "at");
  }
  CHECK(points_of(t) == 10);
}

TEST_CASE("an entry that would overflow its card is refused and leaves the card as it was") {
  TempStore t;
  // Each entry is within a receipt's bounds (10^16 points); 922 of them fit in int64, the
  // 923rd would not.
  const std::int64_t kMaxLot = 10'000'000'000'000'000;
  core::Json batch = core::Json::array();
  for (int i = 1; i <= 923; ++i) batch.push_back(entry("r-1:" + std::to_string(i), kMaxLot));
  batch.push_back(entry("r-1:924", 1));
  auto r = office::push(*t.store, "r-1", batch, 0);
  REQUIRE(r.ok());
  CHECK(r->applied == 923);
  CHECK(r->acked.size() == 923);
  REQUIRE(r->refused.size() == 1);
  CHECK(r->refused[0].id == "r-1:923");
  CHECK(r->refused[0].why.field() == "effects.new_lots");
  CHECK(points_of(t) == 922 * kMaxLot + 1);
  auto card = t.store->load_card("2000000000015");
  REQUIRE(card.ok());
  CHECK((*card)->spent == 923 * 1000);  // the refused entry's spent is not counted either
}

TEST_CASE("the change feed never passes a number whose transaction is still open") {
  TempStore t;
  if (!t.on_postgres()) return;  // SQLite has one writer at a time: nothing to interleave
  auto cursor = t.store->changes_after(0, 100, office::Remaining::kCounted);
  REQUIRE(cursor.ok());
  // Writer 1 takes number N and holds its transaction open.
  auto held = office::PgConn::connect(t.pg_url());
  REQUIRE(held.ok());
  REQUIRE((*held)->run("BEGIN").is_ok());
  auto n = (*held)->exec(office::PgStore::kTakeNumbers, {"1"});
  REQUIRE(n.ok());
  const std::int64_t first = n->int64(0, 0);
  CHECK(first == cursor->next + 1);
  REQUIRE((*held)
              ->run("INSERT INTO programs(id, document, seq) VALUES ('held', NULL, $1::bigint)",
                    {std::to_string(first)})
              .is_ok());
  // Writer 2, another process's storage, edits a card: it must take N + 1, so it waits.
  auto other = office::PgStore::open(t.pg_url(), t.settings);
  REQUIRE(other.ok());
  std::atomic<bool> done{false};
  core::Status edited;
  std::thread writer2([&] {
    core::CardState c;
    c.number = "2000000000015";
    edited = (*other)->put_card(c).status();
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK_FALSE(done.load());
  auto meanwhile = t.store->changes_after(cursor->next, 100, office::Remaining::kCounted);
  REQUIRE(meanwhile.ok());
  CHECK(meanwhile->changes.empty());
  CHECK(meanwhile->next == cursor->next);
  // Writer 1, the lower number, commits last of the two to start; then writer 2 commits.
  REQUIRE((*held)->run("COMMIT").is_ok());
  writer2.join();
  CHECK(edited.is_ok());
  auto after = t.store->changes_after(cursor->next, 100, office::Remaining::kCounted);
  REQUIRE(after.ok());
  REQUIRE(after->changes.size() == 2);
  CHECK(after->changes[0].seq == first);
  CHECK(after->changes[0].type == office::Change::Type::kProgramDeleted);
  CHECK(after->changes[1].seq == first + 1);
  CHECK(after->changes[1].type == office::Change::Type::kCard);
}
