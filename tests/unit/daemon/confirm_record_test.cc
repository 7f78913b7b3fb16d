// What a confirm writes beside its answer: the receipt row holds the answer exactly as the
// POS received it, and the journal's detail is the receipt id, the request, that answer and
// the total as plain JSON, so that head office reads the same entry as before the answer
// was written once and spliced in.
#include <doctest/doctest.h>

#include "test_support/daemon_app.h"

using kopilka::core::Json;
using kopilka::test::TestApp;

namespace {

std::string column_text(TestApp& t, const std::string& sql) {
  auto st = t.app->store->db().prepare(sql);
  REQUIRE(st.ok());
  auto row = st->step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  std::string text = st->text(0);
  st->reset();
  return text;
}

// A quantity with a fraction and a price with kopecks: the request's exact decimals must
// reach the detail as plain numbers.
const char* kWeighedSale =
    R"({"receipt_id": "R-7", "at": "2026-11-24T12:00:00+03:00", "card": "2000000000015",)"
    R"( "lines": [{"line": 1, "qty": 1.5, "price": 19990, "name": "Сыр"},)"
    R"( {"line": 2, "qty": 2, "price": 4550, "name": "Хлеб"}]})";

}  // namespace

TEST_CASE("a confirm's journal detail carries the answer the POS received, stored once") {
  TestApp t;
  t.add_cashback_and_card();

  auto sent = t.call("POST", "/v1/receipts/confirm", kWeighedSale);
  REQUIRE(sent.status == 200);
  REQUIRE_FALSE(sent.text.empty());
  CHECK(sent.body["total"] == 29985 + 9100);
  CHECK(sent.body["points_accrued"] == 39);  // 10 % of 390.85 ₽ at 1 ₽ a point, down

  // The receipt's row does not hold it a second time: a replay reads it from the journal.
  CHECK(column_text(t, "SELECT response FROM receipts WHERE receipt_id = 'R-7'").empty());

  auto request = kopilka::core::parse_json_exact(kWeighedSale);
  REQUIRE(request.ok());
  Json expected = kopilka::core::json_plain(Json{{"receipt_id", "R-7"},
                                                 {"request", *request},
                                                 {"response", Json::parse(sent.text)},
                                                 {"total", sent.body["total"]}});
  std::string detail = column_text(t, "SELECT detail FROM journal WHERE kind = 'receipt'");
  CHECK(detail == expected.dump());
  CHECK(Json::parse(detail)["request"]["lines"][0]["qty"] == 1.5);

  auto again = t.call("POST", "/v1/receipts/confirm", kWeighedSale);
  REQUIRE(again.status == 200);
  CHECK(again.body["replayed"] == true);
  CHECK(again.body["total"] == sent.body["total"]);
  CHECK(again.body["points_accrued"] == sent.body["points_accrued"]);
  Json replayed = again.body;
  replayed.erase("replayed");
  CHECK(replayed == Json::parse(sent.text));
}
