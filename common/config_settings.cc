// The shared shop settings; see config_settings.h.
#include "common/config_settings.h"

#include <limits>

#include "common/config_util.h"
#include "core/utf8_length.h"

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

Status read_expiry_warning_days(const toml::table& root, core::Settings& settings) {
  if (!root.contains("expiry_warning_days")) return Status::ok();
  auto v = toml_int(root, "expiry_warning_days", "expiry_warning_days", 0, 366, "days");
  if (!v) return v.status();
  settings.expiry_warning_days = static_cast<int>(*v);
  return Status::ok();
}

Status read_no_loyalty_categories(const toml::table& root, core::Settings& settings) {
  if (!root.contains("no_loyalty_categories")) return Status::ok();
  const toml::array* arr = root["no_loyalty_categories"].as_array();
  if (!arr) return Status::invalid("must be an array of strings", "no_loyalty_categories");
  // A receipt line's category is at most 256 characters (pos-api.md), so no longer name can
  // match one; and the list is read for every line of every receipt.
  if (arr->size() > kMaxNoLoyaltyCategories)
    return Status::invalid(
        "must list at most " + std::to_string(kMaxNoLoyaltyCategories) + " categories",
        "no_loyalty_categories");
  std::vector<std::string> categories;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto s = (*arr)[i].value<std::string>();
    const std::string field = "no_loyalty_categories[" + std::to_string(i) + "]";
    if (!s) return Status::invalid("must be a string", field);
    if (s->empty() || core::utf8_length(*s) > 256)
      return Status::invalid("must be 1 to 256 characters", field);
    categories.push_back(*s);
  }
  settings.no_loyalty_categories = std::move(categories);
  return Status::ok();
}

Status read_wallet_offline(const toml::table& root, core::Settings& settings) {
  if (root.contains("wallet_offline_hours")) {
    auto v = toml_int(root, "wallet_offline_hours", "wallet_offline_hours", 1, 8760, "hours");
    if (!v) return v.status();
    settings.wallet_offline_hours = *v;
  }
  if (root.contains("wallet_offline_limit")) {
    auto v = toml_int(root, "wallet_offline_limit", "wallet_offline_limit", 0, core::kMaxAmount,
                      "kopecks");
    if (!v) return v.status();
    settings.wallet_offline_limit = *v;
  }
  return Status::ok();
}

bool is_chain_setting(const std::string& key) {
  for (const char* k : kChainSettingKeys)
    if (key == k) return true;
  return false;
}

namespace {

// Exact integers stay integers; anything a config file cannot hold becomes a table, which
// every reader above refuses as the wrong type.
void insert_json(toml::table& t, const std::string& key, const core::Json& v);

toml::array json_to_toml_array(const core::Json& items) {
  toml::array arr;
  for (const auto& item : items) {
    toml::table holder;
    insert_json(holder, "v", item);
    arr.push_back(*holder.get("v"));
  }
  return arr;
}

void insert_json(toml::table& t, const std::string& key, const core::Json& v) {
  if (v.is_boolean()) {
    t.insert_or_assign(key, v.get<bool>());
  } else if (v.is_number_integer() && !v.is_number_unsigned()) {
    t.insert_or_assign(key, v.get<std::int64_t>());
  } else if (v.is_number_unsigned() &&
             v.get<std::uint64_t>() <=
                 static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    t.insert_or_assign(key, static_cast<std::int64_t>(v.get<std::uint64_t>()));
  } else if (v.is_number() || core::is_decimal(v)) {
    t.insert_or_assign(key, 0.5);  // a fraction or a number too large: "not a number" either way
  } else if (v.is_string()) {
    t.insert_or_assign(key, v.get<std::string>());
  } else if (v.is_array()) {
    t.insert_or_assign(key, json_to_toml_array(v));
  } else {
    t.insert_or_assign(key, toml::table{});
  }
}

}  // namespace

toml::table json_to_toml_table(const core::Json& object) {
  toml::table t;
  if (!object.is_object()) return t;
  for (auto it = object.begin(); it != object.end(); ++it) insert_json(t, it.key(), it.value());
  return t;
}

Status apply_chain_settings_json(const core::Json& object, core::Settings& settings) {
  if (!object.is_object()) return Status::invalid("must be a JSON object");
  toml::table t = json_to_toml_table(object);
  core::Settings next = settings;
  if (Status s = read_point_value(t, next); !s) return s;
  if (Status s = read_no_loyalty_categories(t, next); !s) return s;
  if (Status s = read_expiry_warning_days(t, next); !s) return s;
  if (Status s = read_wallet_offline(t, next); !s) return s;
  settings = std::move(next);
  return Status::ok();
}

core::Json chain_settings_json(const core::Settings& settings) {
  return core::Json{{"point_value", settings.point_value},
                    {"no_loyalty_categories", settings.no_loyalty_categories},
                    {"expiry_warning_days", settings.expiry_warning_days},
                    {"wallet_offline_hours", settings.wallet_offline_hours},
                    {"wallet_offline_limit", settings.wallet_offline_limit}};
}

}  // namespace kopilka::common
