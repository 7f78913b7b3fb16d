// The register fleet's staff paths (docs/office.md "Stores and the register fleet"): the
// fleet view, adding a register (a one-time enrolment code), renaming and moving one,
// revoking one, and the enrolment codes still waiting. Reads: owner, technician, auditor;
// changes: owner, technician, each audited.
#include "office/fleet.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

using core::Json;

constexpr Roles kFleetReaders = kOwner | kTechnician | kAuditor;
constexpr Roles kFleetWriters = kOwner | kTechnician;

core::Zone zone_of(OfficeContext& ctx) {
  return ctx.store.settings().zone;
}

// The audit's picture of a register: what a person changes, never its credential.
Json fleet_audit_view(const FleetRegister& r) {
  Json j = {{"name", r.name}, {"store", r.store ? Json(*r.store) : Json(nullptr)}};
  if (r.revoked) j["revoked"] = true;
  return j;
}

// "store" in a body: a store id, or null for none; kInvalid for anything else.
core::Result<std::optional<std::optional<std::string>>> store_field(const Json& body) {
  if (!body.contains("store")) return std::optional<std::optional<std::string>>();
  const Json& s = body["store"];
  if (s.is_null()) return std::optional<std::optional<std::string>>(std::optional<std::string>());
  if (!s.is_string()) return core::Status::invalid("must be a store id or null", "store");
  return std::optional<std::optional<std::string>>(s.get<std::string>());
}

HttpResponse fleet_list(OfficeContext& ctx, const Call&) {
  auto rows = list_registers(ctx.store.sql());
  if (!rows) return status_response(rows.status());
  const core::Instant now = ctx.now();
  Json out = Json::array();
  for (const auto& r : *rows) out.push_back(register_json(r, now, zone_of(ctx)));
  return {200, Json{{"registers", std::move(out)}}};
}

HttpResponse fleet_add(OfficeContext& ctx, const Call& c) {
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  if (!body->is_object()) return error_response(400, "invalid_request", "must be an object");
  if (!(*body)["name"].is_string() || (*body)["name"].get<std::string>().empty() ||
      (*body)["name"].get<std::string>().size() > 200)
    return error_response(400, "invalid_request", "must be 1 to 200 characters", "name");
  auto store = store_field(*body);
  if (!store) return status_response(store.status());
  if (*store && **store) {
    auto known = query_int(ctx.store.sql(), "SELECT 1 FROM stores WHERE id = $1", {***store});
    if (!known) return status_response(known.status());
    if (!*known) return error_response(400, "invalid_request", "no store " + ***store, "store");
  }
  const core::Instant now = ctx.now();
  auto code = ctx.store.add_register((*body)["name"].get<std::string>(), now);
  if (!code) return status_response(code.status());
  auto id = register_of_code(ctx.store.sql(), *code);
  if (!id) return status_response(id.status());
  // A technician's code enrols a register that may not create programs or choose groups
  // (routes_upload.cc): the role is kept with the code.
  if (c.actor.role == kTechnician) {
    auto by =
        ctx.store.sql().run("UPDATE registers SET code_by = 'technician' WHERE id = $1", {*id});
    if (!by) return status_response(by.status());
  }
  if (*store && **store) {
    if (core::Status s = update_register(ctx.store.sql(), *id, std::nullopt, *store); !s)
      return status_response(s);
  }
  auto r = find_register(ctx.store.sql(), *id);
  if (!r || !*r)
    return status_response(r ? core::Status::internal("register vanished") : r.status());
  record_change(ctx, c, {"register.add", "register:" + *id, std::nullopt, fleet_audit_view(**r)});
  auto expires =
      query_int(ctx.store.sql(), "SELECT code_expires FROM registers WHERE id = $1", {*id});
  Json out = {{"register", register_json(**r, now, zone_of(ctx))}, {"code", *code}};
  out["expires"] =
      expires && *expires ? Json(core::format_rfc3339(**expires, zone_of(ctx))) : Json(nullptr);
  return {201, std::move(out)};
}

HttpResponse fleet_update(OfficeContext& ctx, const Call& c) {
  const std::string& id = c.params.at(0);
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  if (!body->is_object()) return error_response(400, "invalid_request", "must be an object");
  for (auto it = body->begin(); it != body->end(); ++it)
    if (it.key() != "name" && it.key() != "store")
      return error_response(400, "invalid_request", "only name and store can be changed", it.key());
  std::optional<std::string> name;
  if (body->contains("name")) {
    if (!(*body)["name"].is_string())
      return error_response(400, "invalid_request", "must be 1 to 200 characters", "name");
    name = (*body)["name"].get<std::string>();
  }
  auto store = store_field(*body);
  if (!store) return status_response(store.status());
  auto before = find_register(ctx.store.sql(), id);
  if (!before) return status_response(before.status());
  if (!*before) return error_response(404, "not_found", "no register " + id);
  if (core::Status s = update_register(ctx.store.sql(), id, name, *store); !s)
    return status_response(s);
  auto after = find_register(ctx.store.sql(), id);
  if (!after || !*after)
    return status_response(after ? core::Status::internal("register vanished") : after.status());
  if (fleet_audit_view(**before) != fleet_audit_view(**after))
    record_change(ctx, c,
                  {"register.update", "register:" + id, fleet_audit_view(**before),
                   fleet_audit_view(**after)});
  return {200, register_json(**after, ctx.now(), zone_of(ctx))};
}

HttpResponse fleet_revoke(OfficeContext& ctx, const Call& c) {
  const std::string& id = c.params.at(0);
  auto before = find_register(ctx.store.sql(), id);
  if (!before) return status_response(before.status());
  if (!*before) return error_response(404, "not_found", "no register " + id);
  const core::Instant now = ctx.now();
  if (core::Status s = revoke_register(ctx.store.sql(), id, now); !s) return status_response(s);
  auto after = find_register(ctx.store.sql(), id);
  if (!after || !*after)
    return status_response(after ? core::Status::internal("register vanished") : after.status());
  if (!(*before)->revoked)
    record_change(ctx, c,
                  {"register.revoke", "register:" + id, fleet_audit_view(**before),
                   fleet_audit_view(**after)});
  return {200, register_json(**after, now, zone_of(ctx))};
}

HttpResponse codes(OfficeContext& ctx, const Call&) {
  auto out = enrolment_codes(ctx.store.sql(), ctx.now(), zone_of(ctx));
  if (!out) return status_response(out.status());
  return {200, std::move(*out)};
}

}  // namespace

std::vector<Route> fleet_routes() {
  return {{"GET", "/v1/admin/registers", kFleetReaders, fleet_list},
          {"POST", "/v1/admin/registers", kFleetWriters, fleet_add},
          {"PUT", "/v1/admin/registers/{id}", kFleetWriters, fleet_update},
          {"POST", "/v1/admin/registers/{id}/revoke", kFleetWriters, fleet_revoke},
          {"GET", "/v1/admin/enrolment-codes", kFleetReaders, codes}};
}

}  // namespace kopilka::office
