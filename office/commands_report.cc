// `report summary`: the summary report from the shell, as JSON or CSV (the same answer as
// GET /v1/admin/reports/summary; commands.h).
#include <iostream>

#include "office/chain_settings.h"
#include "office/commands.h"
#include "office/report.h"
#include "office/storage.h"

namespace kopilka::office {

void add_report_commands(Commands& c) {
  auto* report = c.app.add_subcommand("report", "reports from the maintained aggregates");
  auto* summary = report->add_subcommand("summary", "the summary report for a period");
  struct Args {
    std::string from, to, store, register_id, group;
    bool csv = false;
  };
  auto args = std::make_shared<Args>();
  summary->add_option("--from", args->from, "first day, YYYY-MM-DD")->required();
  summary->add_option("--to", args->to, "last day, YYYY-MM-DD")->required();
  summary->add_option("--store", args->store, "only this store");
  summary->add_option("--register", args->register_id, "only this register");
  summary->add_option("--group", args->group, "day, week or month");
  summary->add_flag("--csv", args->csv, "CSV instead of JSON");
  c.on(summary, [args](const OfficeConfig& config) {
    auto q = parse_report_query(args->from, args->to, args->store, args->register_id, args->group);
    if (!q) return command_failed(q.status());
    auto store = open_storage(config.storage, config.data_dir, config.settings);
    if (!store) return command_failed(store.status());
    const core::Zone zone = config.settings.zone;
    auto chain = load_chain_settings(**store, config);  // the chain's point value
    if (!chain) return command_failed(chain.status());
    auto answer = summary_report((*store)->sql(), *q, core::local_day(wall_clock(), zone), zone,
                                 chain->rules.point_value);
    if (!answer) return command_failed(answer.status());
    if (args->csv)
      std::cout << summary_csv(*answer);
    else
      std::cout << answer->dump() << "\n";
    return 0;
  });
}

}  // namespace kopilka::office
