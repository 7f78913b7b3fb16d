// `kopilka receipt calc`: a dry run of a sale through kopilkad's calculate (nothing is
// recorded), printed with every line, every discount and every point explained, so a
// technician can show a shop owner why a receipt came out as it did.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/words.h"
#include "core/card_number.h"
#include "core/money.h"
#include "core/time.h"

namespace kopilka::cli {
namespace {

struct CalcOptions {
  std::string card;
  std::vector<std::string> lines;
  std::string at;
  std::vector<std::string> coupons;
  std::string redeem;
  std::string pay_from_wallet;
};

// "154 бонуса": a count of points with its plural; anything else as it came.
std::string points_of(const CliContext& ctx, const core::Json& v) {
  return v.is_number_integer() ? points_phrase(ctx, v.get<std::int64_t>()) : value_text(v);
}

// "sku,category,qty,price" (price in kopecks, qty with up to 3 decimals) → a request line.
core::Result<core::Json> parse_line(const CliContext& ctx, const std::string& text, int number) {
  std::vector<std::string> f(1);
  for (char c : text) {
    if (c == ',') {
      f.emplace_back();
    } else {
      f.back() += c;
    }
  }
  std::string where = "--line " + std::to_string(number);
  if (f.size() != 4) return core::Status::invalid(tr(ctx, Msg::kLineFormat), where);
  if (f[0].empty()) return core::Status::invalid(tr(ctx, Msg::kLineSku), where + ": sku");
  const std::string& qty = f[2];
  auto dot = qty.find('.');
  bool qty_ok = dot == std::string::npos
                    ? core::all_digits(qty)
                    : core::all_digits(qty.substr(0, dot)) && core::all_digits(qty.substr(dot + 1));
  if (!qty_ok) return core::Status::invalid(tr(ctx, Msg::kLineQty), where + ": qty");
  if (!core::all_digits(f[3]) || f[3].size() > 13)
    return core::Status::invalid(tr(ctx, Msg::kLinePrice), where + ": price");
  core::Json line = {{"line", number}, {"sku", f[0]}, {"price", std::stoll(f[3])}};
  if (!f[1].empty()) line["category"] = f[1];
  if (dot == std::string::npos && qty.size() <= 9) {
    line["qty"] = std::stoll(qty);
  } else {
    line["qty"] = qty;  // the API takes a decimal quantity as a string, exactly
  }
  return line;
}

// "lines[1].qty" from the daemon → "--line 2: qty", the option the technician typed.
std::string option_field(const std::string& field) {
  if (field.rfind("lines[", 0) != 0) return field;
  auto close = field.find(']');
  if (close == std::string::npos) return field;
  std::string index = field.substr(6, close - 6);
  if (!core::all_digits(index) || index.size() > 4) return field;
  std::string rest = field.substr(close + 1);
  if (!rest.empty() && rest[0] == '.') rest = ": " + rest.substr(1);
  return "--line " + std::to_string(std::stoi(index) + 1) + rest;
}

void print_explanation(const CliContext& ctx, const core::Json& r,
                       const std::vector<core::Json>& request_lines) {
  std::cout << paint(ctx, Tone::kBold, tr(ctx, Msg::kCalcTitle)) << "\n";
  std::string card =
      r.contains("card") && r["card"].is_string() ? r["card"].get<std::string>() : "-";
  std::cout << tr(ctx, Msg::kCalcCard, card,
                  code_word(ctx, value_text(r.value("loyalty", core::Json("?")))))
            << "\n\n";
  Table t{{"#", "SKU", tr(ctx, Msg::kColCategory), tr(ctx, Msg::kColQty), tr(ctx, Msg::kColPrice),
           tr(ctx, Msg::kColBefore), tr(ctx, Msg::kColDiscount), tr(ctx, Msg::kColPoints),
           tr(ctx, Msg::kColAmount)},
          {}};
  const core::Json& lines = r.value("lines", core::Json::array());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const core::Json& l = lines[i];
    const core::Json& q = i < request_lines.size() ? request_lines[i] : core::Json::object();
    t.rows.push_back(
        {value_text(l.value("line", core::Json())), value_text(q.value("sku", core::Json())),
         value_text(q.value("category", core::Json())), value_text(q.value("qty", core::Json())),
         rub_text(q.value("price", core::Json())), rub_text(l.value("amount_before", core::Json())),
         rub_text(l.value("discount", core::Json())),
         rub_text(l.value("paid_with_points", core::Json())),
         rub_text(l.value("amount", core::Json()))});
  }
  print_table(ctx, t);
  std::cout << "\n"
            << tr(ctx, Msg::kCalcTotals, rub_text(r.value("total_before", core::Json())),
                  rub_text(r.value("discount", core::Json())),
                  rub_text(r.value("paid_with_points", core::Json())),
                  points_of(ctx, r.value("points_redeemed", core::Json(0))),
                  paint(ctx, Tone::kBold, rub_text(r.value("total", core::Json()))))
            << "\n";
  const core::Json& applied = r.value("applied", core::Json::array());
  std::cout << "\n" << paint(ctx, Tone::kBold, tr(ctx, Msg::kCalcApplied)) << "\n";
  if (applied.empty()) std::cout << "  " << tr(ctx, Msg::kCalcNothing) << "\n";
  for (const auto& a : applied) {
    std::string what;
    if (a.contains("discount")) what += tr(ctx, Msg::kCalcDiscount, rub_text(a["discount"]));
    if (a.contains("points")) what += (what.empty() ? "" : ", ") + points_of(ctx, a["points"]);
    if (a.contains("referrer_points"))  // a referral: the other card's share too
      what += ", " + tr(ctx, Msg::kCalcReferrerPoints, points_of(ctx, a["referrer_points"]));
    if (a.contains("percent")) what += " (" + value_text(a["percent"]) + " %)";
    std::cout << "  " << value_text(a.value("program", core::Json("?"))) << " ["
              << value_text(a.value("kind", core::Json("?"))) << "]: " << what << "\n";
    if (a.contains("text")) std::cout << "      " << value_text(a["text"]) << "\n";
  }
  // v2: programs that met their conditions but took nothing, and why.
  const core::Json& not_applied = r.value("not_applied", core::Json::array());
  if (!not_applied.empty())
    std::cout << "\n" << paint(ctx, Tone::kBold, tr(ctx, Msg::kCalcNotApplied)) << "\n";
  for (const auto& n : not_applied) {
    std::cout << "  " << value_text(n.value("program", core::Json("?"))) << " ["
              << value_text(n.value("kind", core::Json("?")))
              << "]: " << value_text(n.value("reason", core::Json("?")))
              << (n.contains("by") ? " (" + value_text(n["by"]) + ")" : "") << "\n";
    if (n.contains("text")) std::cout << "      " << value_text(n["text"]) << "\n";
  }
  std::cout << "\n"
            << tr(ctx, Msg::kCalcPointsLine, value_text(r.value("points_accrued", core::Json(0))),
                  value_text(r.value("points_balance_after", core::Json())),
                  value_text(r.value("points_redeem_max", core::Json(0))))
            << "\n";
  if (r.contains("wallet_balance_after"))  // the card has a wallet (programs.md "wallet")
    std::cout << tr(ctx, Msg::kCalcWalletLine, rub_text(r.value("paid_from_wallet", core::Json(0))),
                    rub_text(r["wallet_balance_after"]),
                    rub_text(r.value("wallet_pay_max", core::Json(0))))
              << "\n";
  for (const auto& c : r.value("coupons", core::Json::array()))
    std::cout << tr(ctx, Msg::kCalcCoupon, value_text(c.value("code", core::Json())),
                    value_text(c.value("status", core::Json())),
                    value_text(c.value("message", core::Json(""))))
              << "\n";
  const core::Json& messages = r.value("messages", core::Json::array());
  if (!messages.empty())
    std::cout << "\n" << paint(ctx, Tone::kBold, tr(ctx, Msg::kCalcMessages)) << "\n";
  for (const auto& m : messages)
    std::cout << "  " << value_text(m.value("to", core::Json())) << ": "
              << value_text(m.value("text", core::Json())) << "\n";
}

int run_calc(CliContext& ctx, const CalcOptions& o) {
  if (o.lines.empty())
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kLineFormat), "--line"));
  if (!o.card.empty() && !core::is_card_number(o.card))
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kBadCardNumber), "--card"));
  if (!o.at.empty() && !core::parse_rfc3339(o.at))
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kBadTime), "--at"));
  std::vector<core::Json> lines;
  for (std::size_t i = 0; i < o.lines.size(); ++i) {
    auto line = parse_line(ctx, o.lines[i], static_cast<int>(i + 1));
    if (!line) return report_error(ctx, line.status());
    lines.push_back(std::move(*line));
  }
  auto stamp = std::chrono::system_clock::now().time_since_epoch().count();
  core::Json body = {{"receipt_id", "kopilka-calc-" + std::to_string(stamp)}, {"lines", lines}};
  if (!o.card.empty()) body["card"] = o.card;
  if (!o.at.empty()) body["at"] = o.at;
  if (!o.coupons.empty()) body["coupons"] = o.coupons;
  if (o.redeem == "max") {
    body["redeem_points"] = "max";
  } else if (!o.redeem.empty()) {
    if (!core::all_digits(o.redeem) || o.redeem.size() > 12)
      return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kBadRedeem), "--redeem"));
    body["redeem_points"] = std::stoll(o.redeem);
  }
  if (o.pay_from_wallet == "max") {
    body["pay_from_wallet"] = "max";
  } else if (!o.pay_from_wallet.empty()) {
    if (!core::all_digits(o.pay_from_wallet) || o.pay_from_wallet.size() > 13)
      return report_error(
          ctx, core::Status::invalid(tr(ctx, Msg::kBadPayFromWallet), "--pay-from-wallet"));
    body["pay_from_wallet"] = std::stoll(o.pay_from_wallet);
  }
  auto config = load_effective_config(ctx);
  if (!config) return report_error(ctx, config.status());
  auto result = daemon_json(*config, "POST", "/v1/receipts/calculate", body, Token::kPos);
  if (!result) {
    core::Status s = result.status();
    return report_error(ctx, core::Status(s.code(), s.message(), option_field(s.field())));
  }
  if (ctx.json) {
    print_json(*result);
  } else {
    print_explanation(ctx, *result, lines);
  }
  return kExitOk;
}

}  // namespace

void add_receipt_commands(CLI::App& app, CliContext& ctx) {
  CLI::App* receipt = app.add_subcommand("receipt", "try receipts without recording them");
  receipt->require_subcommand(1);
  auto o = std::make_shared<CalcOptions>();
  CLI::App* calc = receipt->add_subcommand(
      "calc", "dry run of a sale: every discount and point explained; nothing is recorded");
  calc->add_option("--card", o->card, "the loyalty card number");
  calc->add_option("--line", o->lines,
                   "\"sku,category,qty,price\": price in kopecks, qty up to 3 decimals "
                   "(repeat for each line)")
      ->required()
      ->allow_extra_args(false);
  calc->add_option("--at", o->at, "calculate as of this RFC 3339 time (default now)");
  calc->add_option("--coupon", o->coupons, "a coupon code (repeat for several)")
      ->allow_extra_args(false);
  calc->add_option("--redeem", o->redeem, "points to pay with: a number or max");
  calc->add_option("--pay-from-wallet", o->pay_from_wallet,
                   "kopecks to pay from the card's wallet, or max");
  calc->callback([&ctx, o] { ctx.exit_code = run_calc(ctx, *o); });
}

}  // namespace kopilka::cli
