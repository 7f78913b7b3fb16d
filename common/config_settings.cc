// The shared shop settings; see config_settings.h.
#include "common/config_settings.h"

#include "common/config_util.h"

namespace kopilka::common {

using core::Status;

Status read_timezone(const toml::table& root, std::string& name, core::Settings& settings) {
  if (root.contains("timezone")) {
    auto v = toml_string(root, "timezone", "timezone");
    if (!v) return v.status();
    name = *v;
  }
  auto zone = core::locate_zone(name);
  if (!zone) return Status::invalid(zone.status().message(), "timezone");
  settings.zone = *zone;
  return Status::ok();
}

Status read_point_value(const toml::table& root, core::Settings& settings) {
  if (!root.contains("point_value")) return Status::ok();
  auto v = toml_int(root, "point_value", "point_value", 1, 1'000'000, "kopecks");
  if (!v) return v.status();
  settings.point_value = *v;
  return Status::ok();
}

Status read_locale(const toml::table& root, core::Settings& settings) {
  if (!root.contains("locale")) return Status::ok();
  auto v = toml_string(root, "locale", "locale");
  if (!v || (*v != "ru" && *v != "en"))
    return Status::invalid("must be \"ru\" or \"en\"", "locale");
  settings.locale = *v == "en" ? core::Locale::kEn : core::Locale::kRu;
  return Status::ok();
}

}  // namespace kopilka::common
