// `kopilka card show|set|import` and `kopilka points adjust`. Changes go through kopilkad's
// admin API (so they are journalled and applied like any other); `card show` falls back to
// reading the database when kopilkad is stopped.
#include <fmt/format.h>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli/card_view_text.h"
#include "cli/commands.h"
#include "cli/error_text_ru.h"
#include "cli/messages.h"
#include "cli/words.h"
#include "common/secrets.h"
#include "core/card_csv.h"
#include "core/card_edit.h"
#include "core/card_number.h"
#include "core/card_state_json.h"
#include "core/phone.h"
#include "core/time.h"
#include "register/store_reader.h"

namespace kopilka::cli {
namespace {

core::Instant now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct ShowOptions {
  std::string number;
  std::string phone;
  std::string at;
};

// The card view computed from the database, as kopilkad would answer (without granting).
core::Result<core::Json> card_view_offline(const CliContext& ctx,
                                           const daemon::DaemonConfig& config, const ShowOptions& o,
                                           core::Instant at) {
  auto db = daemon::StoreReader::open(config.data_dir);
  if (!db) return db.status();
  auto state = o.phone.empty()
                   ? (*db)->card_state(o.number)
                   : (*db)->card_state_by_phone(core::normalize_phone(o.phone).value_or(o.phone));
  if (!state) return state.status();
  if (!state->has_value())
    return core::Status::not_found(
        tr(ctx, Msg::kNotFoundCard, o.phone.empty() ? o.number : o.phone));
  auto card = core::card_state_from_json(**state);
  if (!card) return core::Status::corrupt("the stored card is damaged: " + card.status().message());
  auto docs = (*db)->program_documents();
  if (!docs) return docs.status();
  auto programs = core::ProgramSet::build(*docs);
  if (!programs) return programs.status();
  return core::card_view(*card, *programs, at, config.settings);
}

int run_card_show(CliContext& ctx, const ShowOptions& o) {
  if (o.number.empty() == o.phone.empty())
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kGiveNumberOrPhone)));
  if (!o.number.empty() && !core::is_card_number(o.number))
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kBadCardNumber), "NUMBER"));
  core::Instant at = now();
  if (!o.at.empty()) {
    auto t = core::parse_rfc3339(o.at);
    if (!t) return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kBadTime), "--at"));
    at = *t;
  }
  auto config = load_effective_config(ctx);
  if (!config) return report_error(ctx, config.status());
  std::string path = o.phone.empty() ? "/v1/cards/" + url_encode(o.number)
                                     : "/v1/cards?phone=" + url_encode(o.phone);
  if (!o.at.empty()) path += (o.phone.empty() ? "?at=" : "&at=") + url_encode(o.at);
  auto answer = call_daemon(*config, "GET", path, "", Token::kAdmin);
  core::Json view;
  bool offline = false;
  if (!answer) {  // kopilkad is not running: read the database instead
    auto local = card_view_offline(ctx, *config, o, at);
    if (!local && local.status().code() != core::Code::kNotFound)  // say both: why and why not
      return report_error(
          ctx, core::Status(local.status().code(),
                            answer.status().message() + "; " + local.status().message()));
    if (!local) return report_error(ctx, local.status());
    view = std::move(*local);
    offline = true;
  } else if (answer->status == 404) {
    return report_error(ctx, core::Status::not_found(tr(ctx, Msg::kNotFoundCard,
                                                        o.phone.empty() ? o.number : o.phone)));
  } else if (answer->status != 200) {
    return report_error(ctx, daemon_error(*answer));
  } else {
    view = std::move(answer->body);
  }
  if (ctx.json) {
    view["source"] = offline ? "database" : "kopilkad";
    print_json(view);
    return kExitOk;
  }
  print_card_view(ctx, view);
  if (offline) std::cout << paint(ctx, Tone::kWarn, tr(ctx, Msg::kOfflineSource)) << "\n";
  return kExitOk;
}

struct SetOptions {
  std::string number;
  std::string status;
  std::vector<std::string> groups;
  bool no_groups = false;
  std::string customer_id, name, phone, birthday;
  bool no_phone = false, no_birthday = false;
};

int run_card_set(CliContext& ctx, const SetOptions& o) {
  if (!core::is_card_number(o.number))
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kBadCardNumber), "NUMBER"));
  core::Json body = core::Json::object();
  if (!o.status.empty()) body["status"] = o.status;
  if (!o.groups.empty() || o.no_groups) body["groups"] = o.groups;
  core::Json customer = core::Json::object();
  if (!o.customer_id.empty()) customer["id"] = o.customer_id;
  if (!o.name.empty()) customer["name"] = o.name;
  if (!o.phone.empty()) customer["phone"] = o.phone;
  if (o.no_phone) customer["phone"] = nullptr;
  if (!o.birthday.empty()) customer["birthday"] = o.birthday;
  if (o.no_birthday) customer["birthday"] = nullptr;
  if (!customer.empty()) body["customer"] = customer;
  if (body.empty()) return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kNothingToSet)));
  // Checked here first, so a typo is named even while kopilkad is down.
  if (auto edit = core::parse_card_edit(body); !edit) return report_error(ctx, edit.status());
  auto config = load_effective_config(ctx);
  if (!config) return report_error(ctx, config.status());
  // Blocking a mistyped number made a new, blocked card and left the lost one usable: a
  // card is blocked or marked lost only when it exists.
  if (o.status == "blocked" || o.status == "lost") {
    auto known =
        call_daemon(*config, "GET", "/v1/cards/" + url_encode(o.number), "", Token::kAdmin);
    if (!known) return report_error(ctx, known.status());
    if (known->status == 404)
      return report_error(
          ctx,
          core::Status::not_found(
              tr(ctx, Msg::kNotFoundCard, o.number) +
              say(ctx, "; a card is made blocked or lost only once it exists: check the number",
                  "; заблокировать или отметить потерянной можно только существующую "
                  "карту: проверьте номер")));
  }
  auto answer =
      call_daemon(*config, "PUT", "/v1/admin/cards/" + o.number, body.dump(), Token::kAdmin);
  if (!answer) return report_error(ctx, answer.status());
  if (answer->status != 200 && answer->status != 201)
    return report_error(ctx, daemon_error(*answer));
  if (ctx.json) {
    core::Json out = answer->body;
    out["created"] = answer->status == 201;
    print_json(out);
  } else {
    std::cout << paint(ctx, Tone::kOk,
                       tr(ctx, answer->status == 201 ? Msg::kCardCreated : Msg::kCardUpdated,
                          o.number))
              << "\n";
    print_card_view(ctx, answer->body);
  }
  return kExitOk;
}

// "[#########           ] 45/100" on stderr, redrawn in place; only on a terminal.
void draw_progress(std::size_t done, std::size_t total) {
  constexpr std::size_t kWidth = 30;
  std::size_t filled = total == 0 ? kWidth : done * kWidth / total;
  std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] "
            << done << "/" << total << std::flush;
  if (done == total) std::cerr << "\n";
}

struct ImportOptions {
  std::string file;
  bool strict = false;
};

int run_card_import(CliContext& ctx, const ImportOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in)
    return report_error(ctx, core::Status::invalid(
                                 tr(ctx, Msg::kCannotRead, o.file, std::strerror(errno)), "FILE"));
  auto parsed = core::parse_card_csv(in, false);
  if (!parsed) return report_error(ctx, core::Status::invalid(parsed.status().message(), o.file));
  if (!ctx.json) {
    if (parsed->read_as_windows1251) std::cerr << tr(ctx, Msg::kImportReadAs1251, o.file) << "\n";
    if (!parsed->ignored_columns.empty())
      std::cerr << tr(ctx, Msg::kImportIgnoredColumns, o.file,
                      fmt::format("{}", fmt::join(parsed->ignored_columns, ", ")))
                << "\n";
  }
  std::vector<core::CardCsvError> errors = parsed->errors;
  std::size_t imported = 0;
  bool stopped = o.strict && !errors.empty();
  bool progress = !ctx.json && isatty(STDERR_FILENO) == 1;
  core::Status fatal;
  if (!stopped) {
    auto config = load_effective_config(ctx);
    if (!config) return report_error(ctx, config.status());
    std::size_t done = 0;
    for (const auto& row : parsed->rows) {
      auto answer = call_daemon(*config, "PUT", "/v1/admin/cards/" + row.number, row.body.dump(),
                                Token::kAdmin);
      if (!answer) {  // kopilkad went away: the rest cannot be imported
        fatal = answer.status();
        break;
      }
      if (answer->status == 200 || answer->status == 201) {
        ++imported;
      } else if (answer->status == 409 && answer->body.is_object() &&
                 answer->body.contains("error") && answer->body["error"].is_object() &&
                 answer->body["error"].value("code", "") == "managed_by_office") {
        // Enrolled: no card is imported here, so say it once, not once a line.
        fatal = daemon_error(*answer);
        break;
      } else {
        core::Status s = daemon_error(*answer);
        errors.push_back({row.line, s.field(), s.message()});
        if (o.strict) break;
      }
      if (progress && (++done % 50 == 0 || done == parsed->rows.size()))
        draw_progress(done, parsed->rows.size());
    }
  }
  std::sort(errors.begin(), errors.end(),
            [](const auto& a, const auto& b) { return a.line < b.line; });
  if (ctx.json) {
    core::Json list = core::Json::array();
    for (const auto& e : errors) {
      core::Json j = {{"line", e.line}, {"message", e.message}};
      if (!e.field.empty()) j["field"] = e.field;
      list.push_back(j);
    }
    core::Json out = {{"file", o.file},
                      {"lines", parsed->lines},
                      {"imported", imported},
                      {"errors", list},
                      {"strict", o.strict},
                      {"encoding", parsed->read_as_windows1251 ? "windows-1251" : "utf-8"},
                      {"ignored_columns", parsed->ignored_columns}};
    if (!fatal.is_ok()) {
      out["error"] = {{"code", "unavailable"}, {"message", fatal.message()}};
      std::cerr << "kopilka: " << error_text(ctx.lang, fatal.message()) << "\n";
    }
    print_json(out);
  } else {
    if (stopped) std::cerr << paint(ctx, Tone::kFail, tr(ctx, Msg::kImportStrictStopped)) << "\n";
    for (auto e : errors) {
      e.message = error_text(ctx.lang, e.message);
      std::cerr << "  " << o.file << ": " << e.text() << "\n";
    }
    if (!fatal.is_ok()) std::cerr << "kopilka: " << error_text(ctx.lang, fatal.message()) << "\n";
    std::cout << tr(ctx, Msg::kImportDone, imported, parsed->lines, errors.size()) << "\n";
  }
  if (!fatal.is_ok()) return kExitFailure;
  return errors.empty() ? kExitOk : kExitUsage;
}

struct AdjustOptions {
  std::string number;
  std::string points;
  std::string reason;
  int lifetime_days = 0;
  std::string id;
  std::string at;
};

int run_adjust(CliContext& ctx, const AdjustOptions& o) {
  if (!core::is_card_number(o.number))
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kBadCardNumber), "NUMBER"));
  auto points = core::parse_json_exact(o.points);
  if (!points || !points->is_number_integer() || points->get<std::int64_t>() == 0)
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kBadPoints), "POINTS"));
  if (o.reason.find_first_not_of(" \t") == std::string::npos)
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kReasonRequired), "--reason"));
  if (!o.at.empty() && !core::parse_rfc3339(o.at))
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kBadTime), "--at"));
  // Without --id every run is a new adjustment; with it a retry is applied once.
  std::string id =
      o.id.empty() ? "cli-" + std::to_string(now()) + "-" + common::random_hex(4) : o.id;
  core::Json body = {{"adjust_id", id}, {"points", *points}, {"reason", o.reason}};
  if (o.lifetime_days > 0) body["lifetime_days"] = o.lifetime_days;
  if (!o.at.empty()) body["at"] = o.at;
  auto config = load_effective_config(ctx);
  if (!config) return report_error(ctx, config.status());
  auto view =
      daemon_json(*config, "POST", "/v1/admin/cards/" + o.number + "/points", body, Token::kAdmin);
  if (!view) return report_error(ctx, view.status());
  if (ctx.json) {
    print_json(*view);
  } else {
    core::Json balance = (*view)["points"].value("balance", core::Json(0));
    std::cout << paint(ctx, Tone::kOk,
                       tr(ctx, Msg::kAdjusted, points_phrase(ctx, points->get<std::int64_t>()),
                          o.number, core::number_text(balance)))
              << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_card_commands(CLI::App& app, CliContext& ctx) {
  CLI::App* card = app.add_subcommand("card", "look up, change and import loyalty cards");
  card->require_subcommand(1);

  auto show = std::make_shared<ShowOptions>();
  CLI::App* s = card->add_subcommand(
      "show", "a card's points, levels and customer (from the database if kopilkad is down)");
  s->add_option("NUMBER", show->number, "the card number");
  s->add_option("--phone", show->phone, "find the card by the customer's phone (+7999…)");
  s->add_option("--at", show->at, "evaluate at this RFC 3339 time (default now)");
  s->callback([&ctx, show] { ctx.exit_code = run_card_show(ctx, *show); });

  auto set = std::make_shared<SetOptions>();
  CLI::App* st = card->add_subcommand("set", "create or change a card (status, groups, customer)");
  st->add_option("NUMBER", set->number, "the card number")->required();
  st->add_option("--status", set->status, "active, blocked or lost");
  st->add_option("--group", set->groups, "a group (repeat for several); replaces the groups");
  st->add_flag("--no-groups", set->no_groups, "remove the card from every group");
  st->add_option("--customer-id", set->customer_id, "the customer's id");
  st->add_option("--name", set->name, "the customer's name");
  st->add_option("--phone", set->phone, "the customer's phone, +7…");
  st->add_flag("--no-phone", set->no_phone, "forget the phone");
  st->add_option("--birthday", set->birthday, "YYYY-MM-DD");
  st->add_flag("--no-birthday", set->no_birthday, "forget the birthday");
  st->callback([&ctx, set] { ctx.exit_code = run_card_set(ctx, *set); });

  auto imp = std::make_shared<ImportOptions>();
  CLI::App* i = card->add_subcommand(
      "import", "cards from CSV (number,status,groups,customer_id,name,phone,birthday)");
  i->add_option("FILE", imp->file, "the CSV file; a header line names the columns")->required();
  i->add_flag("--strict", imp->strict, "import nothing if any line is bad");
  i->callback([&ctx, imp] { ctx.exit_code = run_card_import(ctx, *imp); });

  CLI::App* points = app.add_subcommand("points", "correct a card's points by hand");
  points->require_subcommand(1);
  auto adj = std::make_shared<AdjustOptions>();
  CLI::App* a = points->add_subcommand(
      "adjust", "add (or, negative, take away) points; journalled with the reason");
  a->add_option("NUMBER", adj->number, "the card number")->required();
  a->add_option("POINTS", adj->points, "points to add; negative takes away")->required();
  a->add_option("--reason", adj->reason, "why, for the journal")->required();
  a->add_option("--lifetime-days", adj->lifetime_days, "the points burn after this many days")
      ->check(CLI::Range(1, 3650));
  a->add_option("--id", adj->id, "an adjustment id: the same id again is applied once");
  a->add_option("--at", adj->at, "the business time of the adjustment (RFC 3339)");
  a->callback([&ctx, adj] { ctx.exit_code = run_adjust(ctx, *adj); });
}

}  // namespace kopilka::cli
