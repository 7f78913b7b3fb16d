// `kopilka sync refused|retry|set-aside` (docs/sync.md "Refused entries"): the
// technician's way out when head office refuses a journal entry. The entry never leaves
// the journal; it is sent again, or set aside so that it is no longer reported. They
// use the database directly, under SQLite's locking, whether kopilkad runs or not.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "register/store.h"

namespace kopilka::cli {
namespace {

using core::Json;
using core::Status;

core::Result<std::unique_ptr<daemon::Store>> open_store(const CliContext& ctx,
                                                        daemon::DaemonConfig* config) {
  auto loaded = load_config(ctx);
  if (!loaded) return loaded.status();
  *config = std::move(*loaded);
  return daemon::Store::open(config->data_dir);
}

core::Instant refused_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int run_refused_list(CliContext& ctx) {
  daemon::DaemonConfig config;
  auto store = open_store(ctx, &config);
  if (!store) return report_error(ctx, store.status());
  auto refused = (*store)->refused_entries();
  if (!refused) return report_error(ctx, refused.status());
  const core::Zone zone = config.settings.zone;
  if (ctx.json) {
    Json list = Json::array();
    for (const auto& e : *refused) {
      list.push_back(
          {{"id", e.entry_id},
           {"kind", e.kind},
           {"card", e.card ? Json(*e.card) : Json(nullptr)},
           {"at", core::format_rfc3339(e.at, zone)},
           {"error", e.error},
           {"message", e.message},
           {"refused_at", core::format_rfc3339(e.refused_at, zone)},
           {"set_aside_at",
            e.set_aside_at ? Json(core::format_rfc3339(*e.set_aside_at, zone)) : Json(nullptr)}});
    }
    print_json(list);
    return kExitOk;
  }
  if (refused->empty()) {
    std::cout << say(ctx, "head office has refused no entry\n",
                     "офис не отказывал ни в одной записи\n");
    return kExitOk;
  }
  Table t{{say(ctx, "entry", "запись"), say(ctx, "kind", "вид"), say(ctx, "card", "карта"),
           say(ctx, "at", "время"), say(ctx, "why", "причина"), say(ctx, "state", "состояние")},
          {}};
  for (const auto& e : *refused) {
    t.rows.push_back(
        {e.entry_id, e.kind, e.card ? mask_card(*e.card) : "—", core::format_rfc3339(e.at, zone),
         e.error + ": " + e.message,
         e.set_aside_at ? say(ctx, "set aside", "отложена") : say(ctx, "refused", "отклонена")});
  }
  print_table(ctx, t);
  return kExitOk;
}

int run_set_aside(CliContext& ctx, const std::string& id) {
  daemon::DaemonConfig config;
  auto store = open_store(ctx, &config);
  if (!store) return report_error(ctx, store.status());
  core::Result<std::int64_t> n = std::int64_t{0};
  Status s = common::in_transaction((*store)->db(), [&]() -> Status {
    n = (*store)->set_aside_refused(id, refused_now());
    return n.status();
  });
  if (!s) return report_error(ctx, s);
  if (*n == 0)
    return report_error(ctx, Status::not_found(id + say(ctx,
                                                        ": not an entry head office refused (see "
                                                        "kopilka sync refused)",
                                                        ": это не отклонённая офисом запись (см. "
                                                        "kopilka sync refused)")));
  if (ctx.json)
    print_json({{"id", id}, {"set_aside", true}});
  else
    std::cout << id
              << say(ctx, " set aside: it stays in the journal and is no longer sent\n",
                     " отложена: остаётся в журнале и больше не отправляется\n");
  return kExitOk;
}

int run_retry(CliContext& ctx, const std::string& id, bool all) {
  if (all == !id.empty())
    return report_error(
        ctx,
        Status::invalid(say(ctx, "give one entry ID, or --all", "укажите ID записи или --all"),
                        "ID"),
        kExitUsage);
  daemon::DaemonConfig config;
  auto store = open_store(ctx, &config);
  if (!store) return report_error(ctx, store.status());
  core::Result<std::int64_t> n = std::int64_t{0};
  Status s = common::in_transaction((*store)->db(), [&]() -> Status {
    n = (*store)->retry_refused(all ? std::nullopt : std::optional<std::string>(id));
    return n.status();
  });
  if (!s) return report_error(ctx, s);
  if (!all && *n == 0)  // as set-aside says: a typo must not look like a retry
    return report_error(ctx, Status::not_found(id + say(ctx,
                                                        ": not an entry head office refused (see "
                                                        "kopilka sync refused)",
                                                        ": это не отклонённая офисом запись (см. "
                                                        "kopilka sync refused)")));
  if (ctx.json)
    print_json({{"retried", *n}});
  else
    std::cout << say(ctx, "sent again at the next sync: ", "будут отправлены снова: ") << *n
              << "\n";
  return kExitOk;
}

}  // namespace

void add_sync_refused_commands(CLI::App& sync, CliContext& ctx) {
  sync.add_subcommand("refused", "journal entries head office refused, and why")->callback([&ctx] {
    ctx.exit_code = run_refused_list(ctx);
  });
  auto aside_id = std::make_shared<std::string>();
  auto* aside = sync.add_subcommand(
      "set-aside", "stop sending and reporting a refused entry (it stays in the journal)");
  aside->add_option("ID", *aside_id, "the entry's id, as kopilka sync refused lists it")
      ->required();
  aside->callback([&ctx, aside_id] { ctx.exit_code = run_set_aside(ctx, *aside_id); });
  auto retry_id = std::make_shared<std::string>();
  auto retry_all = std::make_shared<bool>(false);
  auto* retry =
      sync.add_subcommand("retry", "send a refused entry (or all) again at the next sync");
  retry->add_option("ID", *retry_id, "the entry's id, as kopilka sync refused lists it");
  retry->add_flag("--all", *retry_all, "every refused entry, set aside ones too");
  retry->callback(
      [&ctx, retry_id, retry_all] { ctx.exit_code = run_retry(ctx, *retry_id, *retry_all); });
}

}  // namespace kopilka::cli
