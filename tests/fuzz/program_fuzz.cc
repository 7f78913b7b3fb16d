// libFuzzer target for program documents (programs.md): any bytes through
// parse_json_exact, validate_program and ProgramSet::build must give a set or an error
// naming a field, never a crash; an accepted program is run on a receipt and the
// answer's sums must add up.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/receipt_request.h"
#include "tests/fuzz/fuzz_util.h"

using namespace kopilka;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto json = core::parse_json_exact(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json || !json->is_object()) return 0;
  core::Status valid = core::validate_program(*json);
  auto set = core::ProgramSet::build({*json});
  fuzz::require(valid.is_ok() == set.ok());  // one verdict for the admin API and the store
  if (!set) {
    fuzz::require(!set.status().message().empty());
    return 0;
  }
  fuzz::require(!core::program_id(*json).empty());
  static const char* kReceipt = R"({"receipt_id": "R-1", "at": "2026-11-24T10:30:00+03:00",
      "card": "2000000000015", "coupons": ["VESNA10", "spring"], "redeem_points": "max",
      "lines": [{"line": 1, "sku": "A-17", "category": "cosmetics", "qty": "2.5", "price": 45000},
                {"line": 2, "sku": "S-1", "category": "haircut", "qty": 1, "price": 150000},
                {"line": 3, "sku": "T-1", "category": "tobacco", "qty": 1, "price": 19900}]})";
  static const core::ReceiptRequest req =
      *core::parse_receipt_request(*core::parse_json_exact(kReceipt), 0);
  core::CardState card = fuzz::sample_card("2000000000015");
  card.groups = {"vip", "discount-card"};
  core::Counters counters;
  auto out = core::calculate(req, &card, *set, counters, fuzz::settings());
  fuzz::check_calculation(core::Json::parse(out.response));
  auto due = core::due_time_effects(card, *set, req.at, fuzz::settings());
  core::apply_effects(card, due, "r-fuzz:1", core::local_day(req.at, fuzz::settings().zone));
  (void)core::card_view(card, *set, req.at, fuzz::settings());
  return 0;
}
