// The register fleet over the SQL seam; see fleet.h.
#include "office/fleet.h"

#include <charconv>

#include "office/register_codes.h"

namespace kopilka::office {

using core::Json;
using core::Result;
using core::Status;

namespace {

constexpr core::Instant kPushRecordEvery = 60;

std::optional<std::int64_t> whole_number(const std::string& text, std::int64_t min,
                                         std::int64_t max) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < min || n > max)
    return std::nullopt;
  return n;
}

std::optional<std::int64_t> opt_int(const SqlRow& row, std::size_t i) {
  if (row.is_null(i)) return std::nullopt;
  return row.int64(i);
}

std::optional<std::string> opt_text(const SqlRow& row, std::size_t i) {
  if (row.is_null(i)) return std::nullopt;
  return row.text(i);
}

const char* kRegisterColumns =
    "SELECT id, name, store_id, created, enrolled, last_contact, last_push, last_pull, revoked, "
    "version, pending, clock_skew_s, sync_interval FROM registers";

FleetRegister register_from_row(const SqlRow& row) {
  FleetRegister r;
  r.id = row.text(0);
  r.name = row.text(1);
  r.store = opt_text(row, 2);
  r.created = row.int64(3);
  r.enrolled = opt_int(row, 4);
  r.last_contact = opt_int(row, 5);
  r.last_push = opt_int(row, 6);
  r.last_pull = opt_int(row, 7);
  r.revoked = opt_int(row, 8);
  r.version = opt_text(row, 9);
  r.pending = opt_int(row, 10);
  r.clock_skew_s = opt_int(row, 11);
  r.sync_interval_s = opt_int(row, 12);
  return r;
}

Json time_or_null(const std::optional<core::Instant>& at, core::Zone zone) {
  return at ? Json(core::format_rfc3339(*at, zone)) : Json(nullptr);
}

template <typename T>
Json or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

std::optional<std::string> opt_param(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

}  // namespace

RegisterReport read_register_report(const common::HttpRequest& req) {
  RegisterReport r;
  r.address = req.remote_address;
  const std::string& v = req.register_version;
  if (!v.empty() && v.size() <= 64 &&
      v.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-+_~") ==
          std::string::npos)
    r.version = v;
  r.pending = whole_number(req.register_pending, 0, INT64_MAX / 2);
  if (auto secs = whole_number(req.register_clock, 0, core::kEndOfBusinessTime)) {
    r.clock = *secs;
  } else if (!req.register_clock.empty()) {
    if (auto at = core::parse_rfc3339(req.register_clock)) r.clock = *at;
  }
  r.sync_interval_s = whole_number(req.register_sync_interval, 1, 366LL * 24 * 3600);
  return r;
}

Status record_contact(Sql& sql, const std::string& register_id, const RegisterReport& report,
                      SyncCall call, core::Instant now) {
  std::optional<std::int64_t> skew;
  if (report.clock) skew = *report.clock - now;
  const bool pull = call == SyncCall::kPull;
  auto changed = sql.run(
      "UPDATE registers SET last_contact = CAST($2 AS BIGINT), "
      "last_pull = CASE WHEN $3 = 'pull' THEN CAST($2 AS BIGINT) ELSE last_pull END, "
      "uploads_open = CASE WHEN $3 = 'pull' THEN NULL ELSE uploads_open END, "
      "version = COALESCE(CAST($4 AS TEXT), version), "
      "pending = COALESCE(CAST($5 AS BIGINT), pending), "
      "caught_up = CASE WHEN $3 = 'pull' AND CAST($5 AS BIGINT) = 0 THEN CAST($2 AS BIGINT) "
      "ELSE caught_up END, "
      "clock_skew_s = COALESCE(CAST($6 AS BIGINT), clock_skew_s), "
      "sync_interval = COALESCE(CAST($7 AS BIGINT), sync_interval) "
      "WHERE id = $1 AND ($3 = 'pull' OR last_contact IS NULL OR "
      "last_contact <= CAST($8 AS BIGINT))",
      {register_id, sql_int(now), std::string(pull ? "pull" : "push"), report.version,
       opt_param(report.pending), opt_param(skew), opt_param(report.sync_interval_s),
       sql_int(now - kPushRecordEvery)});
  if (!changed) return changed.status();
  return Status::ok();
}

const char* register_state(const FleetRegister& r, core::Instant now) {
  if (r.revoked) return "revoked";
  core::Instant since = r.last_contact ? *r.last_contact : r.enrolled ? *r.enrolled : r.created;
  std::int64_t quiet = now - since;
  if (quiet >= kSilentAfter) return "silent";
  std::int64_t interval =
      r.sync_interval_s && *r.sync_interval_s > 0 ? *r.sync_interval_s : kDefaultSyncInterval;
  if (quiet >= 3 * interval) return "lagging";
  return "ok";
}

Result<std::vector<FleetRegister>> list_registers(Sql& sql) {
  auto rows = sql.query(std::string(kRegisterColumns) + " ORDER BY name, id");
  if (!rows) return rows.status();
  std::vector<FleetRegister> out;
  for (const auto& row : *rows) out.push_back(register_from_row(row));
  return out;
}

Result<std::optional<FleetRegister>> find_register(Sql& sql, const std::string& id) {
  auto rows = sql.query(std::string(kRegisterColumns) + " WHERE id = $1", {id});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<FleetRegister>();
  return std::optional<FleetRegister>(register_from_row(rows->front()));
}

Json register_json(const FleetRegister& r, core::Instant now, core::Zone zone) {
  return Json{{"id", r.id},
              {"name", r.name},
              {"store", or_null(r.store)},
              {"state", register_state(r, now)},
              {"version", or_null(r.version)},
              {"last_contact", time_or_null(r.last_contact, zone)},
              {"pending", or_null(r.pending)},
              {"clock_skew_s", or_null(r.clock_skew_s)},
              {"sync_interval_s", or_null(r.sync_interval_s)},
              {"last_push", time_or_null(r.last_push, zone)},
              {"last_pull", time_or_null(r.last_pull, zone)},
              {"enrolled", time_or_null(r.enrolled, zone)},
              {"revoked", time_or_null(r.revoked, zone)}};
}

Status revoke_register(Sql& sql, const std::string& id, core::Instant now) {
  auto found = find_register(sql, id);
  if (!found) return found.status();
  if (!*found) return Status::not_found("no register " + id);
  if ((*found)->revoked) return Status::ok();
  auto changed = sql.run(
      "UPDATE registers SET revoked = CAST($2 AS BIGINT), secret_sha256 = NULL, "
      "code_sha256 = NULL WHERE id = $1 AND revoked IS NULL",
      {id, sql_int(now)});
  if (!changed) return changed.status();
  return Status::ok();
}

Result<bool> is_revoked(Sql& sql, const std::string& id) {
  auto n =
      query_int(sql, "SELECT revoked FROM registers WHERE id = $1 AND revoked IS NOT NULL", {id});
  if (!n) return n.status();
  return n->has_value();
}

Result<bool> enrolled_by_technician(Sql& sql, const std::string& register_id) {
  auto by = query_int(sql, "SELECT 1 FROM registers WHERE id = $1 AND code_by = 'technician'",
                      {register_id});
  if (!by) return by.status();
  return by->has_value();
}

Status update_register(Sql& sql, const std::string& id, const std::optional<std::string>& name,
                       const std::optional<std::optional<std::string>>& store) {
  if (name && (name->empty() || name->size() > 200))
    return Status::invalid("must be 1 to 200 characters", "name");
  return sql.transaction([&]() -> Status {
    auto found = find_register(sql, id);
    if (!found) return found.status();
    if (!*found) return Status::not_found("no register " + id);
    if (store && *store) {
      auto known = query_int(sql, "SELECT 1 FROM stores WHERE id = $1", {**store});
      if (!known) return known.status();
      if (!*known) return Status::invalid("no store " + **store, "store");
    }
    if (name) {
      auto r = sql.run("UPDATE registers SET name = $2 WHERE id = $1", {id, *name});
      if (!r) return r.status();
    }
    if (store) {
      auto r = sql.run("UPDATE registers SET store_id = $2 WHERE id = $1", {id, *store});
      if (!r) return r.status();
    }
    return Status::ok();
  });
}

Result<std::string> register_of_code(Sql& sql, const std::string& code) {
  auto rows =
      sql.query("SELECT id FROM registers WHERE code_sha256 = $1", {enrol_code_sha256(code)});
  if (!rows) return rows.status();
  if (rows->empty()) return Status::not_found("no register waits for this code");
  return rows->front().text(0);
}

Result<Json> enrolment_codes(Sql& sql, core::Instant now, core::Zone zone) {
  auto rows = sql.query(
      "SELECT id, name, store_id, created, code_expires FROM registers "
      "WHERE code_sha256 IS NOT NULL AND secret_sha256 IS NULL AND revoked IS NULL AND "
      "code_expires >= CAST($1 AS BIGINT) ORDER BY code_expires, id",
      {sql_int(now)});
  if (!rows) return rows.status();
  Json codes = Json::array();
  for (const auto& row : *rows)
    codes.push_back(Json{{"register", row.text(0)},
                         {"name", row.text(1)},
                         {"store", or_null(opt_text(row, 2))},
                         {"created", core::format_rfc3339(row.int64(3), zone)},
                         {"expires", core::format_rfc3339(row.int64(4), zone)}});
  return Json{{"codes", std::move(codes)}};
}

}  // namespace kopilka::office
