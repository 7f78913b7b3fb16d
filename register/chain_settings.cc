// Head office's chain settings over the register's own; see chain_settings.h.
#include "register/chain_settings.h"

#include "common/config_settings.h"

namespace kopilka::daemon {

core::Result<core::Settings> with_office_settings(const core::Settings& local,
                                                  const core::Json& office) {
  core::Settings s = local;
  if (office.is_null()) return s;
  if (!office.is_object()) return core::Status::invalid("the chain settings must be an object");
  core::Json known = core::Json::object();
  for (const char* key : common::kChainSettingKeys)
    if (office.contains(key)) known[key] = office[key];
  // A key a newer head office adds is left out here, not an error (like unknown changes).
  if (core::Status e = common::apply_chain_settings_json(known, s); !e) return e;
  return s;
}

std::vector<std::string> office_setting_keys(const core::Json& office) {
  std::vector<std::string> keys;
  if (!office.is_object()) return keys;
  for (const char* key : common::kChainSettingKeys)
    if (office.contains(key)) keys.emplace_back(key);
  return keys;
}

}  // namespace kopilka::daemon
