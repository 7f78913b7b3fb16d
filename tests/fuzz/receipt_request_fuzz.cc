// libFuzzer target for the POS's receipt bodies: any bytes through parse_json_exact and
// parse_receipt_request / parse_refund_request must give a value or an error, never a
// crash; an accepted receipt is calculated against a shop's programs, its sums must add
// up, and refunding it in two halves must give back exactly what the sale took.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/effects.h"
#include "core/receipt_request.h"
#include "core/sale_record.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace kopilka;

constexpr core::Instant kNow = 1795510800;  // 2026-11-24T12:00:00+03:00

void refund_in_halves(const core::CalcOutcome& out, const core::ReceiptRequest& req,
                      core::CardState* card) {
  const auto& s = fuzz::settings();
  const std::string entry = "r-fuzz:1";
  if (card) core::apply_effects(*card, out.effects, entry, core::local_day(req.at, s.zone));
  core::RefundRequest half;
  half.refund_id = "RF-1";
  half.at = req.at;
  half.lines.emplace();
  for (const auto& l : req.lines)
    if (l.qty.milli / 2 > 0) half.lines->push_back({l.line, core::Quantity{l.qty.milli / 2}});
  core::RefundState state;
  if (!half.lines->empty()) {
    auto first = core::refund(*out.sale, entry, state, half, card, s);
    fuzz::require(first.ok());
    if (card)
      core::apply_effects(*card, first->effects, "r-fuzz:2", core::local_day(req.at, s.zone));
    state = first->after;
  }
  core::RefundRequest rest;
  rest.refund_id = "RF-2";
  rest.at = req.at;
  auto second = core::refund(*out.sale, entry, state, rest, card, s);
  fuzz::require(second.ok());
  const core::RefundState& end = second->after;
  fuzz::require(end.complete);
  fuzz::require(end.money_returned == out.total);
  fuzz::require(end.points_reversed == out.points_accrued);
  fuzz::require(end.points_returned ==
                core::Json::parse(out.response).at("points_redeemed").get<std::int64_t>());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto json = core::parse_json_exact(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json) return 0;
  auto refund = core::parse_refund_request(*json, kNow, size % 2 == 0);
  (void)refund;
  auto req = core::parse_receipt_request(*json, kNow);
  if (!req) {
    fuzz::require(!req.status().message().empty());
    return 0;
  }
  core::CardState card = fuzz::sample_card(req->card.value_or(""));
  core::CardState* with = req->card ? &card : nullptr;
  core::Counters counters;
  auto out = core::calculate(*req, with, fuzz::shop_programs(), counters, fuzz::settings());
  fuzz::check_calculation(core::Json::parse(out.response));
  refund_in_halves(out, *req, with);
  return 0;
}
