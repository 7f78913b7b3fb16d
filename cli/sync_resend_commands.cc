// `kopilka sync resend-journal`: every entry head office acknowledged goes to it again at
// the next sync, for a head office rebuilt without a backup (docs/sync.md "Enrolling with
// another head office"); one that has an entry applies nothing twice.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "common/db.h"
#include "register/store.h"

namespace kopilka::cli {
namespace {

int run_resend_journal(CliContext& ctx) {
  auto config = load_config(ctx);
  if (!config) return report_error(ctx, config.status());
  auto store = daemon::Store::open(config->data_dir);
  if (!store) return report_error(ctx, store.status());
  core::Result<std::int64_t> n = std::int64_t{0};
  core::Status s = common::in_transaction((*store)->db(), [&]() -> core::Status {
    n = (*store)->resend_acknowledged();
    return n.status();
  });
  if (!s) return report_error(ctx, s);
  if (ctx.json)
    print_json({{"resent", *n}});
  else
    std::cout << *n
              << say(ctx, " journal entries go to head office again at the next sync\n",
                     " записей журнала снова уйдут в офис при следующей синхронизации\n");
  return kExitOk;
}

}  // namespace

void add_sync_resend_command(CLI::App& sync, CliContext& ctx) {
  sync.add_subcommand("resend-journal",
                      "send every journal entry to head office again (one rebuilt without a "
                      "backup); entries it has are applied once")
      ->callback([&ctx] { ctx.exit_code = run_resend_journal(ctx); });
}

}  // namespace kopilka::cli
