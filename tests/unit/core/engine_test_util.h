// Builders shared by the engine's tests: programs and receipts from short literals,
// Moscow settings, cards with lots, and a confirmed sale.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/engine.h"
#include "core/json_exact.h"
#include "core/sale_record.h"
#include "core/time.h"

namespace kopilka::test {

using namespace kopilka::core;

// The moment most engine tests ring a receipt up: a Wednesday noon in March, Moscow time.
inline constexpr const char* kWhen = "2027-03-10T12:00:00+03:00";

inline Settings moscow() {
  Settings s;
  s.zone = *locate_zone("Europe/Moscow");
  s.no_loyalty_categories = {"tobacco"};
  return s;
}

// A calculate answer as a tree, to look into (the engine writes it as text).
inline Json answer(const CalcOutcome& outcome) {
  return Json::parse(outcome.response);
}

inline Json doc(const std::string& text) {
  auto j = parse_json_exact(text);
  REQUIRE_MESSAGE(j.ok(), j.status().message());
  return *j;
}

inline ProgramSet programs(const std::vector<std::string>& texts) {
  std::vector<Json> docs;
  for (const auto& t : texts) docs.push_back(doc(t));
  auto set = ProgramSet::build(docs);
  REQUIRE_MESSAGE(set.ok(), set.status().message());
  return std::move(*set);
}

inline Instant at(const std::string& rfc3339) {
  return *parse_rfc3339(rfc3339);
}
inline Day day(const std::string& date) {
  return *parse_date(date);
}

inline ReceiptLine line(int n, const std::string& sku, const std::string& category,
                        std::int64_t qty_milli, Kopecks price) {
  ReceiptLine l;
  l.line = n;
  l.sku = sku;
  l.category = category;
  l.qty = Quantity{qty_milli};
  l.price = price;
  l.amount_before = *line_amount(price, l.qty);
  return l;
}

inline ReceiptRequest receipt(const std::string& when, std::vector<ReceiptLine> lines,
                              const std::string& card = "2000000000015") {
  ReceiptRequest r;
  r.receipt_id = "R-1";
  r.at = at(when);
  if (!card.empty()) r.card = card;
  r.lines = std::move(lines);
  return r;
}

inline CardState card(Kopecks spent = 0) {
  CardState c;
  c.number = "2000000000015";
  c.spent = spent;
  return c;
}

inline PointLot lot(const std::string& id, const std::string& program, std::int64_t points,
                    std::optional<std::string> last_day = std::nullopt,
                    const std::string& earned = "2026-01-01") {
  PointLot l;
  l.id = id;
  l.program = program;
  l.earned_day = day(earned);
  l.usable_from = day(earned);
  if (last_day) l.last_day = day(*last_day);
  l.remaining = points;
  return l;
}

// 2 × 500 ₽ (100 ₽ paid with points) and 1 × 500 ₽; 14 points accrued in two lots, 100
// points redeemed from two lots.
inline SaleRecord sample_sale() {
  SaleRecord s;
  s.receipt_id = "R-1";
  s.card = "2000000000015";
  s.lines = {{1, 2000, 100000, 0, 10000, 90000}, {2, 1000, 50000, 0, 0, 50000}};
  s.points_accrued = 14;
  s.accrual_lots = {10, 4};
  s.points_redeemed = 100;
  s.redeemed = {lot("a/0", "cashback", 60, "2026-12-01"), lot("b/0", "", 40)};
  s.coupon_programs = {"spring"};
  s.counted_purchase = true;
  return s;
}

inline std::vector<std::string> texts(const Json& response, const std::string& to) {
  std::vector<std::string> out;
  for (const auto& m : response["messages"])
    if (m["to"] == to) out.push_back(m["text"].get<std::string>());
  return out;
}

// Each line's discount in a calculate answer, in line order.
inline std::vector<Kopecks> line_discounts(const Json& response) {
  std::vector<Kopecks> out;
  for (const auto& l : response["lines"]) out.push_back(l["discount"]);
  return out;
}

// The field a program document is refused for; fails the test if it is accepted.
inline std::string error_field(const std::string& text) {
  Status s = validate_program(doc(text));
  CHECK_FALSE(s.is_ok());
  return s.field();
}

}  // namespace kopilka::test
