// `register add NAME`: a one-time enrolment code for a new register (commands.h).
#include <iostream>

#include "office/commands.h"
#include "office/storage.h"

namespace kopilka::office {

void add_register_commands(Commands& c) {
  auto* reg = c.app.add_subcommand("register", "manage registers");
  reg->require_subcommand(1);
  auto* add = reg->add_subcommand("add", "print a one-time enrolment code for a new register");
  auto name = std::make_shared<std::string>();
  add->add_option("NAME", *name, "the register's name, e.g. \"Store 1, till 2\"")->required();
  c.on(add, [name](const OfficeConfig& config) {
    auto store = open_storage(config.storage, config.data_dir, config.settings);
    if (!store) return command_failed(store.status());
    auto code = (*store)->add_register(*name, wall_clock());
    if (!code) return command_failed(code.status());
    std::cout << *code << std::endl;
    return 0;
  });
}

}  // namespace kopilka::office
