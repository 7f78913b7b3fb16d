// SaleRecord and RefundState ⇄ JSON: stored beside each confirmed receipt.
#include "core/sale_record.h"

#include "core/card_state_json.h"

namespace kopilka::core {

namespace {
Result<std::int64_t> num(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return Status::invalid("is missing", key);
  auto v = json_integer(j[key]);
  if (!v) return Status::invalid(v.status().message(), key);
  return *v;
}
}  // namespace

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
  CardState holder;
  holder.lots = s.redeemed;
  return {{"receipt_id", s.receipt_id},
          {"card", s.card},
          {"at", s.at},
          {"lines", std::move(lines)},
          {"points_accrued", s.points_accrued},
          {"accrual_lots", s.accrual_lots},
          {"redeemed", card_state_to_json(holder)["lots"]},
          {"points_redeemed", s.points_redeemed},
          {"coupon_programs", s.coupon_programs},
          {"counted_purchase", s.counted_purchase}};
}

Result<std::shared_ptr<SaleRecord>> sale_from_json(const Json& j) {
  if (!j.is_object()) return Status::corrupt("a stored sale is not an object");
  auto s = std::make_shared<SaleRecord>();
  try {
    s->receipt_id = j.at("receipt_id").get<std::string>();
    s->card = j.at("card").get<std::string>();
    s->coupon_programs = j.at("coupon_programs").get<std::vector<std::string>>();
    s->counted_purchase = j.at("counted_purchase").get<bool>();
  } catch (const std::exception&) {
    return Status::corrupt("a stored sale is damaged");
  }
  auto at = num(j, "at");
  auto accrued = num(j, "points_accrued");
  auto redeemed = num(j, "points_redeemed");
  if (!at || !accrued || !redeemed) return Status::corrupt("a stored sale is damaged");
  try {
    s->accrual_lots = j.at("accrual_lots").get<std::vector<std::int64_t>>();
  } catch (const std::exception&) {
    return Status::corrupt("a stored sale is damaged");
  }
  s->at = *at;
  s->points_accrued = *accrued;
  s->points_redeemed = *redeemed;
  if (!j.contains("lines") || !j["lines"].is_array())
    return Status::corrupt("a stored sale has no lines");
  for (const auto& l : j["lines"]) {
    SaleLine line;
    auto n = num(l, "line");
    auto q = num(l, "qty_milli");
    auto b = num(l, "amount_before");
    auto d = num(l, "discount");
    auto p = num(l, "paid_with_points");
    auto a = num(l, "amount");
    if (!n || !q || !b || !d || !p || !a) return Status::corrupt("a stored sale line is damaged");
    line.line = static_cast<std::int32_t>(*n);
    line.qty_milli = *q;
    line.amount_before = *b;
    line.discount = *d;
    line.paid_with_points = *p;
    line.amount = *a;
    s->lines.push_back(line);
  }
  Json holder = card_state_to_json(CardState{});
  holder["lots"] = j.contains("redeemed") ? j["redeemed"] : Json::array();
  auto card = card_state_from_json(holder);
  if (!card) return Status::corrupt("a stored sale's redeemed lots are damaged");
  s->redeemed = card->lots;
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
  auto m = num(j, "money_returned");
  auto pr = num(j, "points_reversed");
  auto pt = num(j, "points_returned");
  auto sp = num(j, "spent_reversed");
  if (!m || !pr || !pt || !sp || !j.contains("complete") || !j["complete"].is_boolean())
    return Status::corrupt("a stored refund state is damaged");
  r.money_returned = *m;
  r.points_reversed = *pr;
  r.points_returned = *pt;
  r.spent_reversed = *sp;
  r.complete = j["complete"].get<bool>();
  return r;
}

}  // namespace kopilka::core
