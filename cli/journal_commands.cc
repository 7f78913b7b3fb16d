// `kopilka journal`: confirmed receipts, refunds and cancellations from the register's
// journal, read straight from kopilka.db (read-only), so it works with kopilkad stopped.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/messages.h"
#include "core/money.h"
#include "core/time.h"
#include "register/store_reader.h"

namespace kopilka::cli {
namespace {

struct JournalOptions {
  std::string since;
  std::int64_t limit = 1000;
  bool all_kinds = false;
};

std::int64_t int_of(const core::Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<std::int64_t>()
                                                                        : 0;
}

std::string str_of(const core::Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// The entry as a flat record: money is what the customer paid (+) or got back (−).
core::Json summary(const daemon::JournalRow& row, core::Zone zone) {
  const core::Json& response = row.detail.value("response", core::Json::object());
  core::Json out = {{"seq", row.seq},
                    {"entry_id", row.entry_id},
                    {"kind", row.kind},
                    {"at", core::format_rfc3339(row.at, zone)},
                    {"card", row.card.empty() ? core::Json() : core::Json(row.card)},
                    {"synced", row.acked}};
  std::string receipt = str_of(row.detail, "receipt_id");
  if (!receipt.empty()) out["receipt_id"] = receipt;
  if (row.kind == "receipt") {
    out["total"] = int_of(response, "total");
    out["points_accrued"] = int_of(response, "points_accrued");
    out["points_redeemed"] = int_of(response, "points_redeemed");
  } else if (row.kind == "refund" || row.kind == "cancel") {
    if (std::string id = str_of(row.detail, "refund_id"); !id.empty()) out["refund_id"] = id;
    out["money_returned"] = int_of(response, "money_returned");
    out["points_reversed"] = int_of(response, "points_reversed");
    out["points_returned"] = int_of(response, "points_returned");
  } else if (row.kind == "adjust") {
    out["points"] = int_of(row.detail.value("request", core::Json::object()), "points");
    out["reason"] = str_of(row.detail.value("request", core::Json::object()), "reason");
  } else if (row.kind == "birthday" || row.kind == "topup") {
    // A gift's points and a top-up's bonus are the lots the entry created.
    std::int64_t points = 0;
    if (row.effects.is_object())
      for (const auto& lot : row.effects.value("new_lots", core::Json::array()))
        points += int_of(lot, "points");
    out["points"] = points;
    if (row.kind == "topup") {
      if (std::string id = str_of(row.detail, "topup_id"); !id.empty()) out["topup_id"] = id;
      out["amount"] = int_of(row.detail.value("request", core::Json::object()), "amount");
    }
  }
  return out;
}

core::Result<core::Instant> parse_since(const std::string& text, core::Zone zone) {
  if (auto t = core::parse_rfc3339(text)) return *t;
  if (auto d = core::parse_date(text)) return core::start_of_day(*d, zone);
  return core::Status::invalid("must be a date (2026-11-24) or an RFC 3339 time", "--since");
}

int run_journal(CliContext& ctx, const JournalOptions& o) {
  auto config = load_effective_config(ctx);
  if (!config) return report_error(ctx, config.status());
  core::Zone zone = config->settings.zone;
  core::Instant since = 0;
  if (!o.since.empty()) {
    auto t = parse_since(o.since, zone);
    if (!t) return report_error(ctx, t.status());
    since = *t;
  }
  auto db = daemon::StoreReader::open(config->data_dir);
  if (!db) return report_error(ctx, db.status());
  std::vector<std::string> kinds;
  if (!o.all_kinds) kinds = {"receipt", "refund", "cancel"};
  auto rows = (*db)->journal(since, kinds, o.limit);
  if (!rows) return report_error(ctx, rows.status());
  core::Json entries = core::Json::array();
  for (const auto& r : *rows) entries.push_back(summary(r, zone));
  if (ctx.json) {
    print_json({{"entries", entries}});
    return kExitOk;
  }
  Table t{{"#", tr(ctx, Msg::kColTime), tr(ctx, Msg::kColKind), tr(ctx, Msg::kColReceipt),
           tr(ctx, Msg::kColCard), tr(ctx, Msg::kColMoney), tr(ctx, Msg::kColPointsShort),
           tr(ctx, Msg::kColSynced)},
          {}};
  for (const auto& e : entries) {
    std::string money, points;
    if (e["kind"] == "receipt") {
      money = core::format_rub(e["total"].get<std::int64_t>());
      points = "+" + std::to_string(e["points_accrued"].get<std::int64_t>()) + " −" +
               std::to_string(e["points_redeemed"].get<std::int64_t>());
    } else if (e.contains("money_returned")) {
      money = "−" + core::format_rub(e["money_returned"].get<std::int64_t>());
      points = "−" + std::to_string(e["points_reversed"].get<std::int64_t>()) + " +" +
               std::to_string(e["points_returned"].get<std::int64_t>());
    } else if (e.contains("amount")) {
      money = "+" + core::format_rub(e["amount"].get<std::int64_t>());
      points = "+" + std::to_string(e["points"].get<std::int64_t>());
    } else if (e.contains("points")) {
      points = std::to_string(e["points"].get<std::int64_t>());
    }
    std::string receipt = e.value("receipt_id", e.value("topup_id", ""));
    if (e.contains("refund_id")) receipt += " / " + e["refund_id"].get<std::string>();
    t.rows.push_back({std::to_string(e["seq"].get<std::int64_t>()), e["at"].get<std::string>(),
                      e["kind"].get<std::string>(), receipt.empty() ? "-" : receipt,
                      e["card"].is_string() ? e["card"].get<std::string>() : "-", money, points,
                      e["synced"].get<bool>() ? tr(ctx, Msg::kYes) : tr(ctx, Msg::kNo)});
  }
  if (t.rows.empty()) {
    std::cout << tr(ctx, Msg::kJournalEmpty) << "\n";
  } else {
    print_table(ctx, t);
  }
  return kExitOk;
}

}  // namespace

void add_journal_commands(CLI::App& app, CliContext& ctx) {
  auto o = std::make_shared<JournalOptions>();
  CLI::App* j = app.add_subcommand(
      "journal", "confirmed receipts and refunds, from the database (works with kopilkad stopped)");
  j->add_option("--since", o->since, "from this date (2026-11-24, local) or RFC 3339 time");
  j->add_option("--limit", o->limit, "at most this many entries")->check(CLI::Range(1, 1000000));
  j->add_flag("--all", o->all_kinds, "also points adjustments, birthday gifts and wallet top-ups");
  j->callback([&ctx, o] { ctx.exit_code = run_journal(ctx, *o); });
}

}  // namespace kopilka::cli
