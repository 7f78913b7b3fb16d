// The wallet's report sums (schema 014; docs/office.md "Reports"): what each applied entry
// moves in and out of wallets, per register and day. A top-up's amount and bonus are told
// apart by its answer in the entry's detail; a receipt's negative wallet_delta is money paid
// from a wallet, a refund's or cancellation's positive one money given back.
#include "office/aggregates.h"
#include "office/aggregates_batch.h"

namespace kopilka::office {

using core::Json;
using core::Status;

namespace {

// The top-up's amount as its answer says (the rest of wallet_delta is bonus money).
core::Result<std::int64_t> topup_amount(std::string_view body, std::int64_t wallet_delta) {
  auto j = core::parse_json_exact(body);
  if (!j) return j.status();
  const Json& b = *j;
  if (b.is_object() && b.contains("detail") && b["detail"].is_object() &&
      b["detail"].contains("response") && b["detail"]["response"].is_object() &&
      b["detail"]["response"].contains("amount")) {
    auto amount = core::json_integer(b["detail"]["response"]["amount"]);
    if (amount && *amount > 0 && *amount <= wallet_delta) return *amount;
  }
  return wallet_delta;  // no answer to read: all of it counts as topped up
}

}  // namespace

Status Aggregates::add_wallet(const AggregateEntry& e, Id register_id, core::Day day) {
  const std::int64_t delta = e.effects->wallet_delta;
  if (delta == 0) return Status::ok();
  WalletDay& w = wallet_[{day, register_id}];
  if (e.kind == "topup") {
    auto amount = topup_amount(e.body, delta);
    if (!amount) return amount.status();
    w.topped_up += *amount;
    w.bonus += delta - *amount;
  } else if (delta < 0) {
    w.paid -= delta;
  } else {
    w.returned += delta;
  }
  return Status::ok();
}

Status Aggregates::flush_wallet() {
  RowBatch rows(sql_,
                "INSERT INTO report_wallet_days(day, register_id, topped_up, bonus, paid, "
                "returned) VALUES ",
                "ITBBBB",
                "ON CONFLICT (day, register_id) DO UPDATE SET "
                "topped_up = report_wallet_days.topped_up + excluded.topped_up, "
                "bonus = report_wallet_days.bonus + excluded.bonus, "
                "paid = report_wallet_days.paid + excluded.paid, "
                "returned = report_wallet_days.returned + excluded.returned");
  const auto by_key = [&](const Key& a, const Key& b) { return before(a, b); };
  for (const auto* row : in_order(wallet_, by_key)) {
    const auto& [k, w] = *row;
    Status e =
        rows.add({sql_int(k.first), SqlParam::borrowed(registers_[k.second]), sql_int(w.topped_up),
                  sql_int(w.bonus), sql_int(w.paid), sql_int(w.returned)});
    if (!e) return e;
  }
  wallet_.clear();
  return rows.write();
}

}  // namespace kopilka::office
