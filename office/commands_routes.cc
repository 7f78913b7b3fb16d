// `routes`: the staff paths and the roles each allows, as JSON lines, for the technician
// and for the test that walks every path with every role (commands.h).
#include <iostream>

#include "core/json_exact.h"
#include "office/commands.h"
#include "office/route_table.h"

namespace kopilka::office {

void add_route_commands(Commands& c) {
  auto* routes = c.app.add_subcommand("routes", "list the head-office API's staff paths and roles");
  routes->add_option("--config", c.config_path, "office.toml (not needed)");
  c.runs.push_back({routes,
                    [](const OfficeConfig&) {
                      for (const Route& r : staff_routes()) {
                        core::Json roles = core::Json::array();
                        for (Role role : {kOwner, kMarketer, kSupport, kTechnician, kAuditor})
                          if (r.roles & role) roles.push_back(to_string(role));
                        core::Json line{{"method", r.method},
                                        {"path", r.pattern},
                                        {"roles", roles},
                                        {"public", r.is_public}};
                        std::cout << line.dump() << "\n";
                      }
                      return 0;
                    },
                    false});
}

}  // namespace kopilka::office
