// The chain settings head office sets for every register (office.md "Stores, registers and
// chain settings", docs/office.md "Chain settings"): point_value, no_loyalty_categories and
// expiry_warning_days travel down with the pull and win over a register's own config;
// max_adjust_points is the owner's limit on one points adjustment by the support role.
// Until PUT /v1/admin/settings first saves them, head office's values are office.toml's
// and the defaults, and nothing goes down to the registers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/http_types.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "core/status.h"
#include "office/actor.h"

namespace kopilka::office {

class Sql;
class Storage;
struct OfficeConfig;

inline constexpr std::int64_t kDefaultMaxAdjustPoints = 5000;
inline constexpr std::int64_t kMaxAdjustPointsLimit = 1'000'000'000;

struct ChainSettings {
  core::Settings rules;  // zone and locale are office.toml's; the chain's three keys
  std::int64_t max_adjust_points = kDefaultMaxAdjustPoints;
  std::string timezone;  // office.toml's; not a chain setting (a register uses its store's)
  bool saved = false;    // saved at head office (else office.toml's values and defaults)
};

// office.toml's values and the defaults.
ChainSettings config_chain_settings(const OfficeConfig& config);
// `base` with a stored document's values over it; a damaged document is kCorrupt.
core::Result<ChainSettings> with_document(ChainSettings base, const std::string& document);
// The document saved in the database: the chain's three keys and max_adjust_points.
std::string settings_document(const ChainSettings& settings);
// GET /v1/admin/settings: every key, with "saved" saying where the values come from.
core::Json settings_json(const ChainSettings& settings);

// PUT /v1/admin/settings: `changes` merged over `current`, each key checked as the register's
// config file checks it (common/config_settings.h); an unknown key, or one set elsewhere
// (timezone), fails naming it, and then nothing is changed.
core::Result<ChainSettings> merge_settings(const ChainSettings& current, const core::Json& changes);

// Head office's settings now: the saved document over office.toml's values.
core::Result<ChainSettings> load_chain_settings(Sql& sql, const OfficeConfig& config);
core::Result<ChainSettings> load_chain_settings(Storage& store, const OfficeConfig& config);

// The support role's limit on POST /v1/admin/cards/{number}/points: more than `limit`
// points either way at once, or in 24 hours with the `earlier` this account moved in them
// (audit.h's points_adjusted_by), is 403 adjust_limit, and an empty reason 400 (field
// "reason"). Other roles are not limited here: nullopt.
std::optional<common::HttpResponse> check_adjust_limit(Role role, std::int64_t points,
                                                       const std::string& reason,
                                                       std::int64_t limit,
                                                       std::int64_t earlier = 0);

}  // namespace kopilka::office
