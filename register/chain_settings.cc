// Head office's chain settings over the register's own; see chain_settings.h.
#include "register/chain_settings.h"

#include "common/config_settings.h"

namespace kopilka::daemon {

core::Json with_store_timezone(core::Json office, const std::string& timezone) {
  if (timezone.empty()) return office;
  if (office.is_null()) office = core::Json::object();
  if (office.is_object()) office["timezone"] = timezone;
  return office;
}

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
  if (office.contains("timezone")) {
    const core::Json& name = office["timezone"];
    auto zone = name.is_string() ? core::locate_zone(name.get<std::string>())
                                 : core::Result<core::Zone>(core::Status::invalid("not a name"));
    if (!zone) return core::Status::invalid("is not a time zone this register knows", "timezone");
    s.zone = *zone;
  }
  return s;
}

std::vector<std::string> office_setting_keys(const core::Json& office) {
  std::vector<std::string> keys;
  if (!office.is_object()) return keys;
  for (const char* key : common::kChainSettingKeys)
    if (office.contains(key)) keys.emplace_back(key);
  if (office.contains("timezone")) keys.emplace_back("timezone");
  return keys;
}

}  // namespace kopilka::daemon
