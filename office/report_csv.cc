// The summary report as CSV (office.md "Exact rules" → CSV): a header row, one row per
// group, a `total` row; money in kopecks, rates with 4 decimals, an empty cell for null.
#include <cmath>

#include "office/report.h"

namespace kopilka::office {

using core::Json;

namespace {

const char* const kCsvColumns[] = {"period",
                                   "revenue_card",
                                   "revenue_no_card",
                                   "revenue_all",
                                   "receipts_card",
                                   "receipts_no_card",
                                   "receipts_all",
                                   "average_check_card",
                                   "average_check_no_card",
                                   "average_check_all",
                                   "active_customers",
                                   "new_customers",
                                   "repeat_rate",
                                   "retention",
                                   "frequency",
                                   "clv",
                                   "points_issued",
                                   "points_redeemed",
                                   "points_burned",
                                   "points_adjusted",
                                   "liability",
                                   "liability_money",
                                   "wallet_topped_up",
                                   "wallet_bonus",
                                   "wallet_paid",
                                   "wallet_returned",
                                   "wallet_liability"};

std::string csv_cell(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_number_float()) {  // a rate: exactly n / 10000
    const long long scaled = std::llround(v.get<double>() * 10000.0);
    const long long whole = scaled / 10000, frac = (scaled < 0 ? -scaled : scaled) % 10000;
    std::string f = std::to_string(frac);
    return (scaled < 0 && whole == 0 ? "-" : "") + std::to_string(whole) + "." +
           std::string(4 - f.size(), '0') + f;
  }
  return v.dump();
}

std::string row(const std::string& period, const Json& f) {
  std::string out = period;
  for (const char* part : {"revenue", "receipts", "average_check"})
    for (const char* which : {"card", "no_card", "all"}) out += "," + csv_cell(f[part][which]);
  for (const char* key :
       {"active_customers", "new_customers", "repeat_rate", "retention", "frequency", "clv"})
    out += "," + csv_cell(f[key]);
  for (const char* key :
       {"issued", "redeemed", "burned", "adjusted", "liability", "liability_money"})
    out += "," + csv_cell(f["points"][key]);
  // office.md: the liability "and the same for wallets": the CSV had only the points'.
  const Json none;
  const Json& wallet = f.contains("wallet") ? f["wallet"] : none;
  for (const char* key : {"topped_up", "bonus", "paid", "returned", "liability"})
    out += "," + (wallet.is_object() && wallet.contains(key) ? csv_cell(wallet[key]) : "");
  return out + "\r\n";
}

}  // namespace

std::string summary_csv(const Json& report) {
  std::string out;
  for (const char* c : kCsvColumns) out += std::string(out.empty() ? "" : ",") + c;
  out += "\r\n";
  for (const Json& g : report["groups"]) out += row(g["period"].get<std::string>(), g);
  return out + row("total", report["totals"]);
}

}  // namespace kopilka::office
