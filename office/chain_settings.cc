// Chain settings: merging, checking, storing and reading; see chain_settings.h.
#include "office/chain_settings.h"

#include "common/config_settings.h"
#include "common/config_util.h"
#include "office/config.h"
#include "office/storage.h"

namespace kopilka::office {

using core::Json;
using core::Status;

namespace {

// max_adjust_points, checked like the config's numbers.
Status read_max_adjust(const toml::table& t, ChainSettings& s) {
  if (!t.contains("max_adjust_points")) return Status::ok();
  auto v = common::toml_int(t, "max_adjust_points", "max_adjust_points", 0, kMaxAdjustPointsLimit,
                            "points");
  if (!v) return v.status();
  s.max_adjust_points = *v;
  return Status::ok();
}

}  // namespace

ChainSettings config_chain_settings(const OfficeConfig& config) {
  ChainSettings s;
  s.rules = config.settings;
  s.timezone = config.timezone;
  return s;
}

core::Result<ChainSettings> with_document(ChainSettings base, const std::string& document) {
  auto doc = core::parse_stored(document, "the chain settings");
  if (!doc) return doc.status();
  if (!doc->is_object()) return Status::corrupt("the stored chain settings are not an object");
  Status s = common::apply_chain_settings_json(*doc, base.rules);
  if (s) s = read_max_adjust(common::json_to_toml_table(*doc), base);
  if (!s)
    return Status::corrupt("the stored chain settings are invalid: " + s.field() + " " +
                           s.message());
  base.saved = true;
  return base;
}

std::string settings_document(const ChainSettings& settings) {
  Json j = common::chain_settings_json(settings.rules);
  j["max_adjust_points"] = settings.max_adjust_points;
  return j.dump();
}

Json settings_json(const ChainSettings& settings) {
  Json j = common::chain_settings_json(settings.rules);
  j["max_adjust_points"] = settings.max_adjust_points;
  j["timezone"] = settings.timezone;
  j["saved"] = settings.saved;
  return j;
}

core::Result<ChainSettings> merge_settings(const ChainSettings& current, const Json& changes) {
  if (!changes.is_object()) return Status::invalid("the body must be a JSON object");
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    const std::string& key = it.key();
    if (key == "timezone" || key == "saved")
      return Status::invalid(key == "timezone"
                                 ? "is office.toml's; each register uses its store's time zone"
                                 : "cannot be set: it says whether the settings were saved",
                             key);
    if (!common::is_chain_setting(key) && key != "max_adjust_points")
      return Status::invalid(
          "is not a chain setting (point_value, no_loyalty_categories, expiry_warning_days, "
          "wallet_offline_hours, wallet_offline_limit, max_adjust_points)",
          key);
  }
  ChainSettings next = current;
  if (Status s = common::apply_chain_settings_json(changes, next.rules); !s) return s;
  if (Status s = read_max_adjust(common::json_to_toml_table(changes), next); !s) return s;
  next.saved = true;
  return next;
}

core::Result<ChainSettings> load_chain_settings(Sql& sql, const OfficeConfig& config) {
  ChainSettings base = config_chain_settings(config);
  auto rows = sql.query("SELECT document FROM chain_settings WHERE id = 'chain'");
  if (!rows) return rows.status();
  if (rows->empty()) return base;
  return with_document(std::move(base), rows->front().text(0));
}

core::Result<ChainSettings> load_chain_settings(Storage& store, const OfficeConfig& config) {
  return load_chain_settings(store.sql(), config);
}

std::optional<common::HttpResponse> check_adjust_limit(Role role, std::int64_t points,
                                                       const std::string& reason,
                                                       std::int64_t limit, std::int64_t earlier) {
  if (role != kSupport) return std::nullopt;
  // Called after core::check_adjust_points: |points| <= 10^9, so negating cannot overflow.
  std::int64_t magnitude = points < 0 ? -points : points;
  if (magnitude > limit)
    return common::error_response(
        403, "adjust_limit",
        "the support role may adjust at most " + std::to_string(limit) +
            " points at once (the owner sets max_adjust_points in the chain settings); ask the "
            "owner for " +
            std::to_string(magnitude),
        "points");
  // Many small adjustments are one large one: the limit holds over a day too.
  if (earlier > limit - magnitude)
    return common::error_response(
        403, "adjust_limit",
        "the support role may adjust at most " + std::to_string(limit) +
            " points in 24 hours (the owner sets max_adjust_points in the chain settings); "
            "this account adjusted " +
            std::to_string(earlier) + " in the last 24 hours: ask the owner for " +
            std::to_string(magnitude),
        "points");
  bool blank = reason.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank)
    return common::error_response(400, "invalid_request",
                                  "support must say why the points are adjusted", "reason");
  return std::nullopt;
}

}  // namespace kopilka::office
