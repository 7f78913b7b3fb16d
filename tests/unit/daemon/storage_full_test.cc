// The daemon's routes against a real SQLite file that runs out of space (max_page_count
// stands in for a full disk): a confirm answers 503 storage_unavailable and changes
// nothing, reads keep working, and writes succeed again by themselves once space returns.
#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>

#include "test_support/daemon_app.h"

using namespace kopilka;
using core::Status;
using kopilka::test::kAdmin;
using kopilka::test::kPos;
using kopilka::test::TestApp;

namespace {

// A receipt whose journal entry needs far more room than a page: 300 long-named lines.
std::string big_receipt(const std::string& id) {
  std::string lines;
  for (int i = 1; i <= 300; ++i) {
    lines += (i > 1 ? "," : "") + std::string("{\"line\": ") + std::to_string(i) +
             ", \"qty\": 1, \"price\": 100, \"name\": \"" + std::string(250, 'n') + "\"}";
  }
  return "{\"receipt_id\": \"" + id +
         "\", \"at\": \"2026-11-24T12:00:00+03:00\", \"card\": \"2000000000015\", \"lines\": [" +
         lines + "]}";
}

}  // namespace

TEST_CASE("a full disk answers 503, changes nothing, and recovers by itself") {
  TestApp t;
  t.add_cashback_and_card();
  auto first = t.call("POST", "/v1/receipts/confirm", big_receipt("R-1"));
  REQUIRE(first.status == 200);
  CHECK(first.body["points_accrued"] == 30);  // 10 % of 300 ₽ at 1 ₽ a point

  t.set_max_pages(t.page_count());
  auto full = t.call("POST", "/v1/receipts/confirm", big_receipt("R-2"));
  CHECK(full.status == 503);
  CHECK(full.body["error"]["code"] == "storage_unavailable");
  CHECK(t.app->last_write_failed);
  CHECK(t.call("GET", "/v1/health").body["db"] == "unavailable");

  // Reads keep working and show nothing of the refused receipt.
  auto card = t.call("GET", "/v1/cards/2000000000015");
  REQUIRE(card.status == 200);
  CHECK(card.body["points"]["balance"] == 30);
  CHECK(card.body["spent"] == 30000);
  CHECK(t.call("GET", "/v1/receipts/R-2").body["error"]["code"] == "receipt_not_found");
  CHECK(t.call("POST", "/v1/receipts/calculate", big_receipt("R-2")).status == 200);

  t.set_max_pages(1'000'000);
  auto again = t.call("POST", "/v1/receipts/confirm", big_receipt("R-2"));
  CHECK(again.status == 200);
  CHECK_FALSE(again.body.contains("replayed"));
  CHECK_FALSE(t.app->last_write_failed);
  CHECK(t.call("GET", "/v1/health").body["db"] == "ok");
  CHECK(t.call("GET", "/v1/cards/2000000000015").body["points"]["balance"] == 60);
  CHECK(t.call("GET", "/v1/health").body["pending"] == 2);
}

TEST_CASE("a failed transaction leaves the card and the journal as they were") {
  TestApp t;
  REQUIRE(
      t.call("PUT", "/v1/admin/cards/2000000000015", R"({"status": "active"})", kAdmin).status ==
      201);
  Status s = daemon::write(*t.app, [&]() -> Status {
    auto card = t.app->store->load_card("2000000000015");
    REQUIRE(card.ok());
    core::CardState c = **card;
    c.spent = 999;
    if (Status e = t.app->store->save_card(c, 0); !e) return e;
    auto id = t.app->store->next_entry_id();
    if (Status e = t.app->store->append_journal(*id, "receipt", c.number, 0, core::Json::object(),
                                                core::Json::object());
        !e)
      return e;
    return Status::invalid("refused after writing");
  });
  CHECK(s.code() == core::Code::kInvalid);
  CHECK((*t.app->store->load_card("2000000000015"))->spent == 0);
  CHECK(*t.app->store->pending_entries() == 0);
  CHECK(*t.app->store->next_entry_id() == t.app->store->register_id() + ":1");
}

TEST_CASE("the migrations run once and leave the schema at the newest version") {
  TestApp t;
  auto st = t.app->store->db().prepare("PRAGMA user_version");
  REQUIRE(st.ok());
  REQUIRE(*st->step());
  std::int64_t version = st->int64(0);
  st->reset();
  CHECK(version >= 1);
  for (const char* table : {"meta", "cards", "programs", "receipts", "refunds", "adjustments",
                            "journal", "coupon_totals"}) {
    auto q = t.app->store->db().prepare("SELECT count(*) FROM sqlite_master WHERE name = ?1");
    REQUIRE(q.ok());
    q->bind(1, std::string_view(table));
    REQUIRE(*q->step());
    CHECK_MESSAGE(q->int64(0) == 1, table);
    q->reset();
  }
}

TEST_CASE("each money operation leaves one outbox entry head office can replay") {
  TestApp t;
  REQUIRE(t.call("PUT", "/v1/admin/programs/cashback",
                 R"({"id": "cashback", "name": "К", "kind": "bonus", "percent": 10})", kAdmin)
              .status == 201);
  REQUIRE(t.call("PUT", "/v1/admin/cards/2000000000015", "{}", kAdmin).status == 201);
  const std::string sale =
      R"({"receipt_id": "J-1", "at": "2026-11-24T12:00:00+03:00", "card": "2000000000015",
          "lines": [{"line": 1, "qty": 2, "price": 5000}]})";
  REQUIRE(t.call("POST", "/v1/receipts/confirm", sale).status == 200);
  REQUIRE(t.call("POST", "/v1/receipts/confirm", sale).body["replayed"] == true);
  REQUIRE(t.call("POST", "/v1/receipts/J-1/refund",
                 R"({"refund_id": "JR-1", "lines": [{"line": 1, "qty": 1}]})")
              .status == 200);
  REQUIRE(t.call("POST", "/v1/admin/cards/2000000000015/points",
                 R"({"adjust_id": "JA-1", "points": 7})", kAdmin)
              .status == 200);

  auto st = t.app->store->db().prepare(
      "SELECT entry_id, kind, card, effects, detail, acked FROM journal ORDER BY seq");
  REQUIRE(st.ok());
  std::vector<std::pair<std::string, std::string>> rows;
  std::vector<core::Json> details;
  while (*st->step()) {
    rows.emplace_back(st->text(0), st->text(1));
    CHECK(st->text(2) == "2000000000015");
    CHECK(core::Json::parse(st->text(3)).is_object());
    details.push_back(core::Json::parse(st->text(4)));
    CHECK(st->int64(5) == 0);
  }
  const std::string reg = t.app->store->register_id();
  REQUIRE(rows.size() == 3);  // the replayed confirm added nothing
  CHECK(rows[0] == std::make_pair(reg + ":1", std::string("receipt")));
  CHECK(rows[1] == std::make_pair(reg + ":2", std::string("refund")));
  CHECK(rows[2] == std::make_pair(reg + ":3", std::string("adjust")));
  CHECK(details[0]["request"]["receipt_id"] == "J-1");
  CHECK(details[0]["response"]["total"] == 10000);
  CHECK(details[0]["response"]["points_accrued"] == 10);
  CHECK(details[1]["response"]["points_reversed"] == 5);
  CHECK(details[2]["adjust_id"] == "JA-1");
  CHECK(*t.app->store->pending_entries() == 3);
}

TEST_CASE("the views show a card's parts as rows") {
  TestApp t;
  core::CardState c;
  c.number = "2000000000015";
  c.customer =
      core::Customer{"c-1", "Анна", std::string("+79991234567"), std::nullopt, std::nullopt, {}};
  c.visit_days = {20000, 20010};
  c.birthday_granted_year["birthday"] = 2026;
  core::PointLot lot;
  lot.id = "r-1:1/0";
  lot.program = "cashback";
  lot.remaining = 755;
  c.lots.push_back(lot);
  REQUIRE(t.app->store->save_card(c, 0).is_ok());
  auto one = [&](const std::string& sql) {
    auto st = t.app->store->db().prepare(sql);
    REQUIRE(st.ok());
    REQUIRE(*st->step());
    std::string v = st->text(0);
    st->reset();
    return v;
  };
  CHECK(one("SELECT name || ' ' || phone FROM customers WHERE card = '2000000000015'") ==
        "Анна +79991234567");
  CHECK(one("SELECT id || ' ' || remaining FROM point_lots") == "r-1:1/0 755");
  CHECK(one("SELECT count(*) FROM card_marks WHERE mark = 'visit_day'") == "2");
  CHECK(one("SELECT value FROM card_marks WHERE mark = 'birthday_grant'") == "2026");
  CHECK(one("SELECT count(*) FROM vouchers") == "0");
  CHECK(one("SELECT count(*) FROM outbox") == "0");
}
