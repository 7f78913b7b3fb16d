// Confirmed receipts in the register store: the answer stored once (in the receipt's
// journal entry), rows kept by older versions, and decimals carried as the numbers they were.
#include "register/store.h"

#include <doctest/doctest.h>

#include "core/time.h"
#include "test_support/temp_dir.h"

using namespace kopilka;

namespace {

daemon::StoredReceipt a_receipt(int i) {
  daemon::StoredReceipt r;
  r.receipt_id = "R-" + std::to_string(1000 + i);
  r.body_sha256 = std::string(64, 'a');
  r.entry_id = "r-test:" + std::to_string(1 + i);
  r.card = "2000000000015";
  r.at = 1795000000 + i;
  // About the size of a two-line receipt's stored answer.
  r.response = core::Json{{"receipt_id", r.receipt_id}, {"filler", std::string(820, 'x')}};
  r.sale = core::Json::object();
  r.refund_state = core::Json::object();
  return r;
}

std::int64_t receipt_pages(daemon::Store& store) {
  auto pages = store.db().query_int(
      "SELECT count(*) FROM dbstat WHERE name IN ('receipts', 'sqlite_autoindex_receipts_1')");
  REQUIRE(pages);
  return *pages;
}

// As a confirm stores one: the row, and the journal entry whose detail carries the answer.
void store_receipt(daemon::Store& store, const daemon::StoredReceipt& r,
                   const std::string& answer) {
  REQUIRE(store.insert_receipt(r, r.sale.dump()).is_ok());
  REQUIRE(store
              .append_journal_text(r.entry_id, "receipt", r.card, r.at, core::Json::object(),
                                   R"({"receipt_id":")" + r.receipt_id +
                                       R"(","request":{},"response":)" + answer + "}")
              .is_ok());
}

}  // namespace

TEST_CASE("a receipt's answer is stored once, in its journal entry, and read back from there") {
  test::TempDir tmp{"kopilka-store-test"};
  auto store = daemon::Store::open(tmp.sub("data"));
  REQUIRE(store);
  for (int i = 0; i < 60; ++i) store_receipt(**store, a_receipt(i), a_receipt(i).response.dump());
  // The row keeps what a refund needs; the 1 KB answers are the journal's alone. With the
  // answer in the row too, 60 receipts took 16 pages here (and a 20-line receipt's row
  // overflowed its page: one more page written to the log per confirm).
  CHECK(*(*store)->db().query_int("SELECT sum(length(response)) FROM receipts") == 0);
  CHECK(receipt_pages(**store) <= 4);
  auto back = (*store)->get_receipt("R-1007");
  REQUIRE(back.ok());
  REQUIRE(back->has_value());
  CHECK((*back)->response == a_receipt(7).response);
  CHECK((*back)->entry_id == "r-test:8");
  // A refund asks without the answer: the journal's detail is not read for it.
  auto for_refund = (*store)->get_receipt("R-1007", /*with_answer=*/false);
  REQUIRE(for_refund.ok());
  REQUIRE(for_refund->has_value());
  CHECK((*for_refund)->response.is_null());
  CHECK((*for_refund)->entry_id == "r-test:8");

  // A receipt stored before, its answer in its own row, reads as it did.
  REQUIRE((*store)
              ->db()
              .exec("INSERT INTO receipts(receipt_id, body_sha256, entry_id, at, response, sale, "
                    "refund_state) VALUES ('R-old', 'h', 'r-old:1', 0, '{\"total\":5}', '{}', "
                    "'{}')")
              .is_ok());
  auto old = (*store)->get_receipt("R-old");
  REQUIRE(old.ok());
  REQUIRE(old->has_value());
  CHECK((*old)->response == core::Json{{"total", 5}});

  // A row whose journal entry is gone is damaged, said so, not a crash or an empty answer.
  REQUIRE((*store)
              ->db()
              .exec("INSERT INTO receipts(receipt_id, body_sha256, entry_id, at, "
                    "response, sale, refund_state) VALUES ('R-lost', 'h', 'r-lost:1', "
                    "0, '', '{}', '{}')")
              .is_ok());
  auto lost = (*store)->get_receipt("R-lost");
  CHECK_FALSE(lost.ok());
}

TEST_CASE("receipts and their refunds stored by version 4 are all there after the upgrade") {
  test::TempDir tmp{"kopilka-store-test"};
  auto dir = tmp.sub("data");
  {
    auto store = daemon::Store::open(dir);
    REQUIRE(store);
    for (int i = 0; i < 3; ++i) store_receipt(**store, a_receipt(i), a_receipt(i).response.dump());
    daemon::StoredRefund refund;
    refund.refund_id = "F-1";
    refund.receipt_id = "R-1001";
    refund.body_sha256 = std::string(64, 'b');
    refund.entry_id = "r-test-9";
    refund.response = core::Json::object();
    REQUIRE((*store)->insert_refund(refund).is_ok());
    // Back to version 4's table, as a register before the upgrade kept it.
    auto& db = (*store)->db();
    REQUIRE(db.exec("PRAGMA foreign_keys=OFF").is_ok());
    REQUIRE(db.exec("CREATE TABLE old AS SELECT * FROM receipts; DROP TABLE receipts;"
                    "CREATE TABLE receipts (receipt_id TEXT PRIMARY KEY, body_sha256 TEXT NOT "
                    "NULL, entry_id TEXT NOT NULL, card TEXT, at INTEGER NOT NULL, response "
                    "TEXT NOT NULL, sale TEXT NOT NULL, refund_state TEXT NOT NULL, "
                    "cancel_entry_id TEXT) WITHOUT ROWID;"
                    "INSERT INTO receipts SELECT * FROM old; DROP TABLE old;"
                    "DROP TABLE topups; PRAGMA user_version = 4")
                .is_ok());
  }
  auto store = daemon::Store::open(dir);
  REQUIRE(store);
  auto& db = (*store)->db();
  CHECK(*db.query_int("PRAGMA user_version") >= 5);
  CHECK(*db.query_int("SELECT count(*) FROM receipts") == 3);
  CHECK(*db.query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'receipts' AND sql LIKE "
                      "'%WITHOUT ROWID%'") == 0);
  auto got = (*store)->get_receipt("R-1001");
  REQUIRE(got);
  REQUIRE(*got);
  CHECK((*got)->entry_id == "r-test:2");
  CHECK((*got)->response == a_receipt(1).response);
  auto refunds = (*store)->refunds_of("R-1001");
  REQUIRE(refunds);
  CHECK(refunds->size() == 1);
  CHECK_FALSE(db.exec("INSERT INTO refunds(refund_id, receipt_id, body_sha256, entry_id, "
                      "response) VALUES ('F-2', 'R-none', 'x', 'e', '{}')")
                  .is_ok());
}

TEST_CASE("a stored answer and a pushed entry carry a decimal as the number it was") {
  // A 7.5 % program's answer, replayed: a tree read back exactly dumps the decimal as a
  // binary value ({"bytes": …}), which a POS retrying a confirm could not read.
  test::TempDir tmp{"kopilka-store-decimals"};
  auto store = daemon::Store::open(tmp.sub("data"));
  REQUIRE(store.ok());
  daemon::StoredReceipt r = a_receipt(1);
  const std::string answer = R"({"applied":[{"percent":7.5,"program":"h75"}],"total":92500})";
  store_receipt(**store, r, answer);
  auto back = (*store)->get_receipt(r.receipt_id);
  REQUIRE(back.ok());
  REQUIRE(back->has_value());
  CHECK((*back)->response.dump() == answer);

  auto id = (*store)->next_entry_id();
  REQUIRE(id.ok());
  REQUIRE((*store)
              ->append_journal_text(
                  *id, "receipt", "", 0, core::Json::object(),
                  R"({"request":{"lines":[{"qty":0.350}]},"response":)" + answer + "}")
              .is_ok());
  auto entries = (*store)->unacked_entries(0, 100, 10, 1 << 20, core::locate_zone("UTC").value());
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 2);  // the receipt's own, then this one
  CHECK((*entries)[0]["detail"]["response"].dump() == answer);
  CHECK((*entries)[1]["detail"].dump() ==
        R"({"request":{"lines":[{"qty":0.35}]},"response":)" + answer + "}");
}
