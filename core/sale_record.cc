// SaleRecord and RefundState ⇄ JSON: stored beside each confirmed receipt.
#include "core/sale_record.h"

#include <initializer_list>
#include <utility>

#include "core/card_state_json.h"
#include "core/json_fields.h"

namespace kopilka::core {

namespace {

// Reads each named whole-number member into its target; false when one is missing or bad.
bool read_integers(const Json& j,
                   std::initializer_list<std::pair<const char*, std::int64_t*>> fields) {
  for (const auto& [key, out] : fields) {
    auto v = integer_field(j, key);
    if (!v) return false;
    *out = *v;
  }
  return true;
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
    if (l.paid_from_wallet != 0) lines.back()["paid_from_wallet"] = l.paid_from_wallet;
  }
  // Redeemed lots travel in the card-state lot format.
  Json redeemed = Json::array();
  for (const auto& lot : s.redeemed) redeemed.push_back(lot_to_json(lot));
  Json accrued = Json::array();
  for (const auto& lot : s.accrued) accrued.push_back(lot_to_json(lot));
  Json out = {{"receipt_id", s.receipt_id},
              {"card", s.card},
              {"at", s.at},
              {"lines", std::move(lines)},
              {"points_accrued", s.points_accrued},
              {"accrual_lots", s.accrual_lots},
              {"redeemed", std::move(redeemed)},
              {"points_redeemed", s.points_redeemed},
              {"coupon_programs", s.coupon_programs},
              {"counted_purchase", s.counted_purchase}};
  if (!s.accrued.empty()) out["accrued"] = std::move(accrued);
  if (s.referral) out["referral"] = referral_to_json(*s.referral);
  if (s.paid_from_wallet != 0) {
    out["wallet_card"] = s.wallet_card;
    out["paid_from_wallet"] = s.paid_from_wallet;
  }
  return out;
}

Result<std::shared_ptr<SaleRecord>> sale_from_json(const Json& j) {
  if (!j.is_object()) return Status::corrupt("a stored sale is not an object");
  auto s = std::make_shared<SaleRecord>();
  auto receipt_id = string_field(j, "receipt_id");
  auto card = string_field(j, "card");
  auto counted = bool_field(j, "counted_purchase");
  if (!receipt_id || !card || !counted ||
      !read_integers(j, {{"at", &s->at},
                         {"points_accrued", &s->points_accrued},
                         {"points_redeemed", &s->points_redeemed}}) ||
      !array_field(j, "coupon_programs", s->coupon_programs, string_item) ||
      !array_field(j, "accrual_lots", s->accrual_lots, integer_item))
    return Status::corrupt("a stored sale is damaged");
  s->receipt_id = *receipt_id;
  s->card = *card;
  s->counted_purchase = *counted;
  if (!j.contains("lines") || !j["lines"].is_array())
    return Status::corrupt("a stored sale has no lines");
  for (const auto& l : j["lines"]) {
    SaleLine line;
    std::int64_t number = 0;
    if (!read_integers(l, {{"line", &number},
                           {"qty_milli", &line.qty_milli},
                           {"amount_before", &line.amount_before},
                           {"discount", &line.discount},
                           {"paid_with_points", &line.paid_with_points},
                           {"amount", &line.amount}}))
      return Status::corrupt("a stored sale line is damaged");
    // Sales stored before the wallet have none.
    if (l.contains("paid_from_wallet") &&
        !read_integers(l, {{"paid_from_wallet", &line.paid_from_wallet}}))
      return Status::corrupt("a stored sale line is damaged");
    line.line = static_cast<std::int32_t>(number);
    s->lines.push_back(line);
  }
  auto as_lot = [](const Json& v) { return lot_from_json(v); };
  if (!array_field(j, "redeemed", s->redeemed, as_lot, /*optional=*/true))
    return Status::corrupt("a stored sale's redeemed lots are damaged");
  if (!array_field(j, "accrued", s->accrued, as_lot, /*optional=*/true))
    return Status::corrupt("a stored sale's accrued lots are damaged");
  if (j.contains("referral")) {
    auto r = referral_from_json(j["referral"]);
    if (!r) return Status::corrupt("a stored sale's referral is damaged");
    s->referral = std::move(*r);
  }
  if (j.contains("paid_from_wallet")) {
    auto wallet_card = string_field(j, "wallet_card");
    if (!wallet_card || !read_integers(j, {{"paid_from_wallet", &s->paid_from_wallet}}))
      return Status::corrupt("a stored sale's wallet payment is damaged");
    s->wallet_card = *wallet_card;
  }
  return s;
}

Json refund_state_to_json(const RefundState& r) {
  Json returned = Json::object();
  for (const auto& [line, milli] : r.returned_milli) returned[std::to_string(line)] = milli;
  return {{"returned_milli", std::move(returned)},
          {"money_returned", r.money_returned},
          {"points_reversed", r.points_reversed},
          {"points_returned", r.points_returned},
          {"spent_reversed", r.spent_reversed},
          {"wallet_returned", r.wallet_returned},
          {"complete", r.complete}};
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
  auto complete = bool_field(j, "complete");
  if (!complete || !read_integers(j, {{"money_returned", &r.money_returned},
                                      {"points_reversed", &r.points_reversed},
                                      {"points_returned", &r.points_returned},
                                      {"spent_reversed", &r.spent_reversed}}))
    return Status::corrupt("a stored refund state is damaged");
  r.complete = *complete;
  // Refund states stored before the wallet have none.
  if (j.contains("wallet_returned") && !read_integers(j, {{"wallet_returned", &r.wallet_returned}}))
    return Status::corrupt("a stored refund state is damaged");
  return r;
}

}  // namespace kopilka::core
