// SaleRecord and RefundState ⇄ JSON: stored beside each confirmed receipt.
#include "core/sale_record.h"

#include "core/card_state_json.h"
#include "core/json_fields.h"

namespace kopilka::core {

Json sale_to_json(const SaleRecord& s) {
  Json lines = Json::array();
  for (const auto& l : s.lines) {
    lines.push_back({{"line", l.line},
                     {"qty_milli", l.qty_milli},
                     {"amount_before", l.amount_before},
                     {"discount", l.discount},
                     {"paid_with_points", l.paid_with_points},
                     {"amount", l.amount}});
  }
  // Redeemed lots travel in the card-state lot format.
  Json redeemed = Json::array();
  for (const auto& lot : s.redeemed) redeemed.push_back(lot_to_json(lot));
  return {{"receipt_id", s.receipt_id},
          {"card", s.card},
          {"at", s.at},
          {"lines", std::move(lines)},
          {"points_accrued", s.points_accrued},
          {"accrual_lots", s.accrual_lots},
          {"redeemed", std::move(redeemed)},
          {"points_redeemed", s.points_redeemed},
          {"coupon_programs", s.coupon_programs},
          {"counted_purchase", s.counted_purchase}};
}

Result<std::shared_ptr<SaleRecord>> sale_from_json(const Json& j) {
  if (!j.is_object()) return Status::corrupt("a stored sale is not an object");
  auto s = std::make_shared<SaleRecord>();
  auto receipt_id = string_field(j, "receipt_id");
  auto card = string_field(j, "card");
  auto counted = bool_field(j, "counted_purchase");
  auto at = integer_field(j, "at");
  auto accrued = integer_field(j, "points_accrued");
  auto redeemed = integer_field(j, "points_redeemed");
  if (!receipt_id || !card || !counted || !at || !accrued || !redeemed ||
      !array_field(j, "coupon_programs", s->coupon_programs, string_item) ||
      !array_field(j, "accrual_lots", s->accrual_lots, integer_item))
    return Status::corrupt("a stored sale is damaged");
  s->receipt_id = *receipt_id;
  s->card = *card;
  s->counted_purchase = *counted;
  s->at = *at;
  s->points_accrued = *accrued;
  s->points_redeemed = *redeemed;
  if (!j.contains("lines") || !j["lines"].is_array())
    return Status::corrupt("a stored sale has no lines");
  for (const auto& l : j["lines"]) {
    SaleLine line;
    auto n = integer_field(l, "line");
    auto q = integer_field(l, "qty_milli");
    auto b = integer_field(l, "amount_before");
    auto d = integer_field(l, "discount");
    auto p = integer_field(l, "paid_with_points");
    auto a = integer_field(l, "amount");
    if (!n || !q || !b || !d || !p || !a) return Status::corrupt("a stored sale line is damaged");
    line.line = static_cast<std::int32_t>(*n);
    line.qty_milli = *q;
    line.amount_before = *b;
    line.discount = *d;
    line.paid_with_points = *p;
    line.amount = *a;
    s->lines.push_back(line);
  }
  auto as_lot = [](const Json& v) { return lot_from_json(v); };
  if (!array_field(j, "redeemed", s->redeemed, as_lot, /*optional=*/true))
    return Status::corrupt("a stored sale's redeemed lots are damaged");
  return s;
}

Json refund_state_to_json(const RefundState& r) {
  Json returned = Json::object();
  for (const auto& [line, milli] : r.returned_milli) returned[std::to_string(line)] = milli;
  return {{"returned_milli", std::move(returned)}, {"money_returned", r.money_returned},
          {"points_reversed", r.points_reversed},  {"points_returned", r.points_returned},
          {"spent_reversed", r.spent_reversed},    {"complete", r.complete}};
}

Result<RefundState> refund_state_from_json(const Json& j) {
  RefundState r;
  if (!j.is_object() || !j.contains("returned_milli") || !j["returned_milli"].is_object())
    return Status::corrupt("a stored refund state is damaged");
  for (auto it = j["returned_milli"].begin(); it != j["returned_milli"].end(); ++it) {
    auto v = json_integer(it.value());
    if (!v) return Status::corrupt("a stored refund state is damaged");
    r.returned_milli[static_cast<std::int32_t>(std::stol(it.key()))] = *v;
  }
  auto m = integer_field(j, "money_returned");
  auto pr = integer_field(j, "points_reversed");
  auto pt = integer_field(j, "points_returned");
  auto sp = integer_field(j, "spent_reversed");
  auto complete = bool_field(j, "complete");
  if (!m || !pr || !pt || !sp || !complete)
    return Status::corrupt("a stored refund state is damaged");
  r.money_returned = *m;
  r.points_reversed = *pr;
  r.points_returned = *pt;
  r.spent_reversed = *sp;
  r.complete = *complete;
  return r;
}

}  // namespace kopilka::core
