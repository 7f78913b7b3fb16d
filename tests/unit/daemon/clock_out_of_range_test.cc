// A register whose clock reads 1970 (a dead CMOS battery) or 2250: a receipt, top-up or
// adjustment without `at` was journalled at that time, head office refused it at every
// sync, and the register's balances never met head office's again. Now it is refused at
// the till, saying to set the clock; one that names its `at` still sells.
#include <doctest/doctest.h>

#include <tuple>

#include "test_support/daemon_app.h"

using kopilka::test::kAdmin;
using kopilka::test::TestApp;

namespace {

const char* kSale =
    R"({"receipt_id": "CLK-1", "card": "2000000000015",
        "lines": [{"line": 1, "sku": "s", "category": "x", "qty": 1, "price": 100000}]})";
const char* kSaleAt =
    R"({"receipt_id": "CLK-2", "card": "2000000000015", "at": "2026-11-24T12:00:00+03:00",
        "lines": [{"line": 1, "sku": "s", "category": "x", "qty": 1, "price": 100000}]})";

}  // namespace

TEST_CASE("a clock outside the business times journals nothing without an at") {
  for (kopilka::core::Instant clock :
       {kopilka::core::Instant{300}, kopilka::core::Instant{8'836'000'000}}) {
    TestApp t;
    t.add_cashback_and_card();
    t.app->now = [clock] { return clock; };
    for (const auto& [path, body, token] :
         {std::tuple{"/v1/receipts/confirm", std::string(kSale), kopilka::test::kPos},
          std::tuple{"/v1/wallet/topup",
                     std::string(R"({"topup_id": "T-1", "card": "2000000000015", "amount": 1000})"),
                     kopilka::test::kPos},
          std::tuple{"/v1/admin/cards/2000000000015/points",
                     std::string(R"({"adjust_id": "A-1", "points": 5, "reason": "t"})"), kAdmin}}) {
      CAPTURE(path);
      auto r = t.call("POST", path, body, token);
      CHECK(r.status == 400);
      CHECK(r.body["error"]["field"] == "at");
      CHECK(r.body["error"]["message"].get<std::string>().find("set the date and time") !=
            std::string::npos);
      // The date the clock reads, as a technician reads it.
      CHECK(r.body["error"]["message"].get<std::string>().find(
                clock == 300 ? "reads 1970-01-01 (UTC)" : "reads 2250-01-01 (UTC)") !=
            std::string::npos);
    }
    auto sold = t.call("POST", "/v1/receipts/confirm", kSaleAt);
    CHECK(sold.status == 200);
    CHECK(sold.body["points_accrued"] == 100);
  }
}
