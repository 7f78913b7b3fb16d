// Tests of core/receipt_request: the POS's calculate/confirm and refund bodies become
// validated values, and every limit of pos-api.md "Errors" is refused naming its field.
#include "core/receipt_request.h"

#include "core/payment_card.h"

#include <doctest/doctest.h>

#include <string>

using namespace kopilka;

namespace {

// The register's clock in these tests: any business time (one outside is refused).
constexpr core::Instant kNow = 1'790'000'000;

core::Json parse_request(const std::string& text) {
  auto j = core::parse_json_exact(text);
  REQUIRE_MESSAGE(j.ok(), text);
  return *j;
}

// The field named by a refused calculate body.
std::string field_of(const std::string& body) {
  auto r = core::parse_receipt_request(parse_request(body), kNow);
  REQUIRE_FALSE_MESSAGE(r.ok(), body);
  CHECK(r.status().code() == core::Code::kInvalid);
  return r.status().field();
}

std::string line_json(const std::string& fields) {
  return R"({"receipt_id": "R-1", "lines": [{"line": 1, )" + fields + "}]}";
}

}  // namespace

TEST_CASE("the contract's calculate example parses exactly") {
  auto r = core::parse_receipt_request(
      parse_request(R"({"receipt_id": "R-0001", "at": "2026-11-24T12:00:00+03:00",
        "card": "2000000000015", "coupons": ["SPRING10"], "redeem_points": 300,
        "lines": [{"line": 1, "sku": "A-17", "name": "Шампунь", "category": "cosmetics",
                   "qty": 2, "price": 45000},
                  {"line": 2, "sku": "S-1", "name": "Стрижка", "category": "haircut",
                   "qty": 1, "price": 150000}],
        "expect": {"total": 192000, "points_accrued": 192}})"),
      kNow);
  REQUIRE(r.ok());
  CHECK(r->receipt_id == "R-0001");
  CHECK(r->at == 1795510800);  // 2026-11-24T09:00:00Z
  CHECK(r->card == std::optional<std::string>("2000000000015"));
  CHECK(r->coupons == std::vector<std::string>{"SPRING10"});
  CHECK(r->redeem.kind == core::RedeemRequest::Kind::kPoints);
  CHECK(r->redeem.points == 300);
  REQUIRE(r->lines.size() == 2);
  CHECK(r->lines[0].qty.milli == 2000);
  CHECK(r->lines[0].amount_before == 90000);
  CHECK(r->lines[1].category == "haircut");
  CHECK(r->lines[1].amount_before == 150000);
  CHECK(r->expect_total == std::optional<core::Kopecks>(192000));
  CHECK(r->expect_points_accrued == std::optional<std::int64_t>(192));
}

TEST_CASE("optional fields take their defaults; weight goods round half up") {
  auto r = core::parse_receipt_request(parse_request(R"({"receipt_id": "W", "redeem_points": "max",
                "lines": [{"line": 7, "qty": "2.3", "price": 12345}]})"),
                                       kNow + 42);
  REQUIRE(r.ok());
  CHECK(r->at == kNow + 42);
  CHECK_FALSE(r->card.has_value());
  CHECK(r->redeem.kind == core::RedeemRequest::Kind::kMax);
  CHECK(r->lines[0].qty.milli == 2300);
  CHECK(r->lines[0].amount_before == 28394);  // 28393.5 → 28394
  auto literal = core::parse_receipt_request(
      parse_request(R"({"receipt_id": "W", "lines": [{"line": 1, "qty": 0.125, "price": 3}]})"),
      kNow);
  REQUIRE(literal.ok());
  CHECK(literal->lines[0].qty.milli == 125);
  CHECK(literal->lines[0].amount_before == 0);  // 0.375 → 0
}

TEST_CASE("the limits of pos-api.md are refused with the field named") {
  CHECK(field_of(line_json(R"("qty": 1, "price": 1000000000001)")) == "lines[0].price");
  CHECK(core::parse_receipt_request(parse_request(line_json(R"("qty": 1, "price": 1000000000000)")),
                                    kNow)
            .ok());
  CHECK(field_of(line_json(R"("qty": 1000001, "price": 1)")) == "lines[0].qty");
  CHECK(core::parse_receipt_request(parse_request(line_json(R"("qty": 1000000, "price": 1)")), kNow)
            .ok());
  CHECK(field_of(line_json(R"("qty": 1.2345, "price": 1)")) == "lines[0].qty");
  CHECK(field_of(line_json(R"("qty": 0, "price": 1)")) == "lines[0].qty");
  CHECK(field_of(line_json(R"("qty": -1, "price": 1)")) == "lines[0].qty");
  CHECK(field_of(line_json(R"("qty": "1e400", "price": 1)")) == "lines[0].qty");
  CHECK(field_of(line_json(R"("qty": 1, "price": -1)")) == "lines[0].price");
  CHECK(field_of(line_json(R"("qty": 1, "price": 1.5)")) == "lines[0].price");
  CHECK(field_of(line_json(R"("qty": 1, "price": "100")")) == "lines[0].price");
  // 10^12 × 11 is a line amount over 10^13.
  CHECK(field_of(line_json(R"("qty": 11, "price": 1000000000000)")) == "lines[0].qty");
  // Two lines of 6·10^12 each: each is fine, the receipt is over 10^13.
  CHECK(field_of(R"({"receipt_id": "R", "lines": [
      {"line": 1, "qty": 6, "price": 1000000000000},
      {"line": 2, "qty": 6, "price": 1000000000000}]})") == "lines");
  std::string many = R"({"receipt_id": "R", "lines": [)";
  for (int i = 1; i <= 1001; ++i)
    many += (i > 1 ? "," : "") + std::string(R"({"line": )") + std::to_string(i) +
            R"(, "qty": 1, "price": 1})";
  CHECK(field_of(many + "]}") == "lines");
}

TEST_CASE("strings are limited to 256 characters, not bytes") {
  std::string cyrillic;
  for (int i = 0; i < 256; ++i) cyrillic += "я";  // 512 bytes, 256 characters
  CHECK(core::parse_receipt_request(
            parse_request(line_json(R"("qty": 1, "price": 1, "name": ")" + cyrillic + "\"")), kNow)
            .ok());
  CHECK(field_of(line_json(R"("qty": 1, "price": 1, "name": ")" + cyrillic + "я\"")) ==
        "lines[0].name");
  CHECK(field_of(R"({"receipt_id": ")" + std::string(257, 'x') +
                 R"(", "lines": [{"line": 1, "qty": 1, "price": 1}]})") == "receipt_id");
}

TEST_CASE("shape errors name the field") {
  CHECK(field_of(R"({"lines": [{"line": 1, "qty": 1, "price": 1}]})") == "receipt_id");
  CHECK(field_of(R"({"receipt_id": "", "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
        "receipt_id");
  CHECK(field_of(R"({"receipt_id": "R"})") == "lines");
  CHECK(field_of(R"({"receipt_id": "R", "lines": []})") == "lines");
  CHECK(field_of(R"({"receipt_id": "R", "lines": [5]})") == "lines[0]");
  CHECK(field_of(line_json(R"("qty": 1, "price": 1, "colour": "red")")) == "lines[0].colour");
  CHECK(field_of(line_json(R"("qty": 1)")) == "lines[0].price");
  CHECK(field_of(R"({"receipt_id": "R", "lines": [{"line": 1, "qty": 1, "price": 1},
                                                   {"line": 1, "qty": 1, "price": 1}]})") ==
        "lines[1].line");
  CHECK(field_of(
            R"({"receipt_id": "R", "card": "12", "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
        "card");
  CHECK(
      field_of(
          R"({"receipt_id": "R", "at": "24.11.2026", "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
      "at");
  CHECK(
      field_of(
          R"({"receipt_id": "R", "redeem_points": -1, "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
      "redeem_points");
  CHECK(
      field_of(
          R"({"receipt_id": "R", "redeem_points": "all", "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
      "redeem_points");
  CHECK(
      field_of(
          R"({"receipt_id": "R", "coupons": [1], "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
      "coupons[0]");
  CHECK(
      field_of(
          R"({"receipt_id": "R", "expect": {"total": -1}, "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
      "expect.total");
  CHECK(field_of(
            R"({"receipt_id": "R", "extra": 1, "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
        "extra");
  CHECK_FALSE(core::parse_receipt_request(parse_request("[1, 2]"), kNow).ok());
  // Beyond the first line, every field is named with its line's index.
  for (const auto& [line, field] : std::vector<std::pair<std::string, std::string>>{
           {"7", "lines[2]"},
           {R"({"line": 3, "qty": 1, "price": 1, "x": 1})", "lines[2].x"},
           {R"({"qty": 1, "price": 1})", "lines[2].line"},
           {R"({"line": 0, "qty": 1, "price": 1})", "lines[2].line"},
           {R"({"line": 3, "sku": 5, "qty": 1, "price": 1})", "lines[2].sku"},
           {R"({"line": 3, "name": [], "qty": 1, "price": 1})", "lines[2].name"},
           {R"({"line": 3, "category": {}, "qty": 1, "price": 1})", "lines[2].category"},
           {R"({"line": 3, "price": 1})", "lines[2].qty"},
           {R"({"line": 3, "qty": 0.0001, "price": 1})", "lines[2].qty"},
           {R"({"line": 3, "qty": 1, "price": "1"})", "lines[2].price"},
           {R"({"line": 3, "qty": 1000000, "price": 1000000000000})", "lines[2].qty"},
           // The number is checked first: a repeated one is named whatever else is wrong.
           {R"({"line": 2, "qty": 0, "price": 1})", "lines[2].line"},
           {R"({"line": 3, "": 1, "qty": 1, "price": 1})", "lines[2]."},
           {R"({"line": 3, "[x]": 1, "qty": 1, "price": 1})", "lines[2].[x]"}}) {
    const std::string body = R"({"receipt_id": "R", "lines": [{"line": 1, "qty": 1, "price": 1}, )"
                             R"({"line": 2, "qty": 1, "price": 1}, )" +
                             line + "]}";
    CHECK(field_of(body) == field);
  }
}

TEST_CASE("refund and cancel bodies") {
  auto r = core::parse_refund_request(
      parse_request(R"({"refund_id": "RF-1", "at": "2026-11-25T10:00:00+03:00",
                "lines": [{"line": 1, "qty": "0.5"}]})"),
      kNow, false);
  REQUIRE(r.ok());
  CHECK(r->refund_id == "RF-1");
  REQUIRE(r->lines.has_value());
  CHECK((*r->lines)[0].line == 1);
  CHECK((*r->lines)[0].qty.milli == 500);
  auto all = core::parse_refund_request(parse_request(R"({"refund_id": "RF-2"})"), kNow + 9, false);
  REQUIRE(all.ok());
  CHECK_FALSE(all->lines.has_value());
  CHECK(all->at == kNow + 9);

  auto refused = [](const std::string& body, bool cancel) {
    auto x = core::parse_refund_request(parse_request(body), kNow, cancel);
    REQUIRE_FALSE(x.ok());
    return x.status().field();
  };
  CHECK(refused(R"({"lines": [{"line": 1, "qty": 1}]})", false) == "refund_id");
  CHECK(refused(R"({"refund_id": "X", "lines": [{"line": 1, "qty": 1.0001}]})", false) ==
        "lines[0].qty");
  CHECK(refused(R"({"refund_id": "X", "lines": [{"line": 0, "qty": 1}]})", false) ==
        "lines[0].line");
  CHECK(refused(R"({"refund_id": "X", "lines": []})", false) == "lines");
  // null was taken for "all that is left": a POS whose list was never filled returned all.
  CHECK(refused(R"({"refund_id": "X", "lines": null})", false) == "lines");
  // One line twice said "returns more of line 2 than is left (0)" with one left.
  CHECK(refused(R"({"refund_id": "X", "lines": [{"line": 2, "qty": 1}, {"line": 2, "qty": 1}]})",
                false) == "lines[1].line");
  // A cancel is kept as the refund "cancel:<receipt_id>": a refund so named would block it.
  CHECK(refused(R"({"refund_id": "cancel:R-1"})", false) == "refund_id");
  CHECK(core::parse_refund_request(parse_request(R"({"refund_id": "R-1:cancel:2"})"), kNow, false)
            .ok());
  CHECK(refused(R"({"refund_id": "X"})", true) == "refund_id");  // a cancel takes only `at`
  CHECK(core::parse_refund_request(parse_request(R"({"at": "2026-11-25T10:00:00Z"})"), kNow, true)
            .ok());
}

TEST_CASE("an id that is a bank card's number is refused naming the field, never kept") {
  // "4111111111111111" as a receipt id was confirmed, logged in full and sent to head office.
  for (const char* id :
       {"4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "R-4111111111111111"})
    CHECK(field_of(std::string(R"({"receipt_id": ")") + id +
                   R"(", "lines": [{"line": 1, "qty": 1, "price": 1}]})") == "receipt_id");
  CHECK(field_of(R"({"receipt_id": "R", "coupons": ["4111111111111111"],
                     "lines": [{"line": 1, "qty": 1, "price": 1}]})") == "coupons[0]");
  CHECK(core::check_id_text("4111111111111111", "refund_id").field() == "refund_id");
  // Numbers that are not a bank card's stay ids: a shop's own 13 digits, a failed Luhn.
  for (const char* id : {"2000000000015", "4111111111111112", "R-2026-11-24-000123"})
    CHECK(core::check_id_text(id, "receipt_id").is_ok());
}

TEST_CASE("a receipt line holding a bank card's number is refused, a product's barcode is not") {
  // A line's sku, name and category are journalled and sent to head office: a bank card's
  // number typed into one was kept in both.
  CHECK(field_of(line_json(R"("sku": "4111111111111111", "qty": 1, "price": 1)")) ==
        "lines[0].sku");
  CHECK(field_of(line_json(R"("name": "оплата 4111 1111 1111 1111", "qty": 1, "price": 1)")) ==
        "lines[0].name");
  CHECK(field_of(line_json(R"("category": "5500000000000004", "qty": 1, "price": 1)")) ==
        "lines[0].category");
  // 4600000000060 passes both Luhn (a 13-digit Visa) and the EAN-13 check: a product's
  // barcode, as a tenth of Russia's 46… barcodes are; so is its GTIN-14 with a leading zero.
  for (const char* sku : {"4600000000060", "04600000000060", "2000000000015"}) {
    auto r = core::parse_receipt_request(
        parse_request(line_json(std::string(R"("sku": ")") + sku + R"(", "qty": 1, "price": 1)")),
        kNow);
    CHECK_MESSAGE(r.ok(), sku);
  }
  CHECK(core::contains_payment_card_number("4600000000060"));  // as an id it is still refused
}

TEST_CASE("ids with control characters are refused naming the field") {
  // A NUL in receipt_id was accepted, and that receipt could never be refunded.
  CHECK(field_of(R"({"receipt_id": "R\u0000X", "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
        "receipt_id");
  CHECK(field_of(R"({"receipt_id": "R\nX", "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
        "receipt_id");
  CHECK(field_of(R"({"receipt_id": "R\u007f", "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
        "receipt_id");
  CHECK(field_of(R"({"receipt_id": "R\u0085", "lines": [{"line": 1, "qty": 1, "price": 1}]})") ==
        "receipt_id");
  CHECK(field_of(R"({"receipt_id": "R", "coupons": ["A\tB"],
                     "lines": [{"line": 1, "qty": 1, "price": 1}]})") == "coupons[0]");
  // Printable text, Cyrillic and U+00A0 included, is an id like any other.
  CHECK(core::parse_receipt_request(parse_request(R"({"receipt_id": "Чек 1\u00a0/ №5",
                                              "lines": [{"line": 1, "qty": 1, "price": 1}]})"),
                                    kNow)
            .ok());
  auto refund =
      core::parse_refund_request(parse_request(R"({"refund_id": "F\u0000"})"), kNow, false);
  REQUIRE_FALSE(refund.ok());
  CHECK(refund.status().field() == "refund_id");
  CHECK(core::parse_refund_request(parse_request(R"({"refund_id": "F-1"})"), kNow, false).ok());
}

TEST_CASE("times a shop cannot have are refused naming the field") {
  auto body = [](const std::string& at) {
    return R"({"receipt_id": "R", "at": ")" + at +
           R"(", "lines": [{"line": 1, "qty": 1, "price": 1}]})";
  };
  // Year 10000 in Moscow once stopped every sync and broke the card's stored state.
  CHECK(field_of(body("9999-12-31T22:00:00Z")) == "at");
  CHECK(field_of(body("2200-01-01T00:00:00Z")) == "at");
  CHECK(field_of(body("1999-12-31T23:59:59Z")) == "at");
  CHECK(field_of(body("0000-01-01T00:00:00Z")) == "at");
  CHECK(core::parse_receipt_request(parse_request(body("2199-12-31T23:59:59Z")), kNow).ok());
  CHECK(core::parse_receipt_request(parse_request(body("2000-01-01T00:00:00Z")), kNow).ok());
  auto cancel =
      core::parse_refund_request(parse_request(R"({"at": "9999-12-31T22:00:00Z"})"), kNow, true);
  REQUIRE_FALSE(cancel.ok());
  CHECK(cancel.status().field() == "at");
}
