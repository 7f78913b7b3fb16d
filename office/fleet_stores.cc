// Stores over the SQL seam; see fleet_stores.h.
#include "office/fleet_stores.h"

#include "common/secrets.h"

namespace kopilka::office {

using core::Json;
using core::Result;
using core::Status;

namespace {

Status check_fields(const std::optional<std::string>& name,
                    const std::optional<std::string>& address,
                    const std::optional<std::string>& timezone) {
  if (name && (name->empty() || name->size() > 200))
    return Status::invalid("must be 1 to 200 characters", "name");
  if (address && address->size() > 500) return Status::invalid("at most 500 characters", "address");
  if (timezone && !core::locate_zone(*timezone))
    return Status::invalid("is not a time zone the zone database knows (e.g. Europe/Moscow)",
                           "timezone");
  return Status::ok();
}

StoreRow store_from_row(const SqlRow& row) {
  return StoreRow{row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4)};
}

}  // namespace

Result<std::vector<StoreRow>> list_stores(Sql& sql) {
  auto rows =
      sql.query("SELECT id, name, address, timezone, created FROM stores ORDER BY name, id");
  if (!rows) return rows.status();
  std::vector<StoreRow> out;
  for (const auto& row : *rows) out.push_back(store_from_row(row));
  return out;
}

Result<std::optional<StoreRow>> find_store(Sql& sql, const std::string& id) {
  auto rows =
      sql.query("SELECT id, name, address, timezone, created FROM stores WHERE id = $1", {id});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<StoreRow>();
  return std::optional<StoreRow>(store_from_row(rows->front()));
}

Result<StoreRow> add_store(Sql& sql, const std::string& name, const std::string& address,
                           const std::string& timezone, core::Instant now) {
  if (Status s = check_fields(name, address, timezone); !s) return s;
  StoreRow s{"s-" + common::random_hex(4), name, address, timezone, now};
  auto r = sql.run(
      "INSERT INTO stores(id, name, address, timezone, created) "
      "VALUES ($1, $2, $3, $4, CAST($5 AS BIGINT))",
      {s.id, s.name, s.address, s.timezone, sql_int(now)});
  if (!r) return r.status();
  return s;
}

Result<StoreRow> update_store(Sql& sql, const std::string& id, const StoreChange& change) {
  if (Status s = check_fields(change.name, change.address, change.timezone); !s) return s;
  auto r = sql.run(
      "UPDATE stores SET name = COALESCE(CAST($2 AS TEXT), name), "
      "address = COALESCE(CAST($3 AS TEXT), address), "
      "timezone = COALESCE(CAST($4 AS TEXT), timezone) WHERE id = $1",
      {id, change.name, change.address, change.timezone});
  if (!r) return r.status();
  if (*r == 0) return Status::not_found("no store " + id);
  auto found = find_store(sql, id);
  if (!found) return found.status();
  if (!*found) return Status::not_found("no store " + id);
  return **found;
}

Json store_json(const StoreRow& s) {
  return Json{{"id", s.id}, {"name", s.name}, {"address", s.address}, {"timezone", s.timezone}};
}

}  // namespace kopilka::office
