// `store add NAME --timezone ZONE [--address A]` (prints the new store's id) and
// `store list` (commands.h, docs/office.md "Stores and the register fleet").
#include <iostream>

#include "common/log_text.h"
#include "office/audit.h"
#include "office/commands.h"
#include "office/fleet_stores.h"
#include "office/storage.h"

namespace kopilka::office {

void add_store_commands(Commands& c) {
  auto* store_cmd = c.app.add_subcommand("store", "manage the chain's stores");
  store_cmd->require_subcommand(1);

  auto* add = store_cmd->add_subcommand("add", "add a store; prints its id");
  auto name = std::make_shared<std::string>();
  auto zone = std::make_shared<std::string>();
  auto address = std::make_shared<std::string>();
  add->add_option("NAME", *name, "the store's name")->required();
  add->add_option("--timezone", *zone, "its IANA time zone, e.g. Europe/Moscow")->required();
  add->add_option("--address", *address, "its address");
  c.on(add, [name, zone, address](const OfficeConfig& config) {
    auto store = open_storage(config.storage, config.data_dir, config.settings);
    if (!store) return command_failed(store.status());
    auto s = add_store((*store)->sql(), *name, *address, *zone, wall_clock());
    if (!s) {
      core::Status st = s.status();
      if (st.field() == "timezone") st = core::Status::invalid(st.message(), "--timezone");
      return command_failed(st);
    }
    audit_from_shell((*store)->sql(),
                     {"store.add", "store:" + s->id, std::nullopt, store_json(*s)});
    std::cout << s->id << std::endl;
    return 0;
  });

  auto* list = store_cmd->add_subcommand("list", "the stores: id, name, time zone, address");
  c.on(list, [](const OfficeConfig& config) {
    auto store = open_storage(config.storage, config.data_dir, config.settings);
    if (!store) return command_failed(store.status());
    auto rows = list_stores((*store)->sql());
    if (!rows) return command_failed(rows.status());
    for (const auto& s : *rows)
      std::cout << common::escape_control(s.id) << "\t" << common::escape_control(s.name) << "\t"
                << s.timezone << "\t" << common::escape_control(s.address) << "\n";
    return 0;
  });
}

}  // namespace kopilka::office
