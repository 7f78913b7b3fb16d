// The chain's stores as staff paths (docs/office.md "Stores and the register fleet"):
// listed for every role (reports and customer views name stores), added and changed by
// the owner and the technician, each change audited.
#include "office/fleet.h"
#include "office/fleet_stores.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

using core::Json;

// A text field of a store's body: absent, or a string (else a 400 naming it).
core::Result<std::optional<std::string>> store_text_field(const Json& body, const char* key) {
  if (!body.contains(key)) return std::optional<std::string>();
  if (!body[key].is_string()) return core::Status::invalid("must be a string", key);
  return std::optional<std::string>(body[key].get<std::string>());
}

core::Result<StoreChange> read_change(const Json& body) {
  if (!body.is_object()) return core::Status::invalid("must be an object");
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "name" && it.key() != "address" && it.key() != "timezone")
      return core::Status::invalid("only name, address and timezone belong to a store", it.key());
  StoreChange c;
  for (auto [key, slot] : {std::pair{"name", &c.name}, std::pair{"address", &c.address},
                           std::pair{"timezone", &c.timezone}}) {
    auto v = store_text_field(body, key);
    if (!v) return v.status();
    *slot = std::move(*v);
  }
  return c;
}

// Each store with the registers that belong to it.
HttpResponse store_list(OfficeContext& ctx, const Call&) {
  auto stores = list_stores(ctx.store.sql());
  if (!stores) return status_response(stores.status());
  auto registers = list_registers(ctx.store.sql());
  if (!registers) return status_response(registers.status());
  Json out = Json::array();
  for (const auto& s : *stores) {
    Json j = store_json(s);
    j["registers"] = Json::array();
    for (const auto& r : *registers)
      if (r.store == s.id) j["registers"].push_back(r.id);
    out.push_back(std::move(j));
  }
  return {200, Json{{"stores", std::move(out)}}};
}

HttpResponse store_add(OfficeContext& ctx, const Call& c) {
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  auto change = read_change(*body);
  if (!change) return status_response(change.status());
  if (!change->name) return error_response(400, "invalid_request", "is missing", "name");
  if (!change->timezone) return error_response(400, "invalid_request", "is missing", "timezone");
  auto s = add_store(ctx.store.sql(), *change->name, change->address.value_or(""),
                     *change->timezone, ctx.now());
  if (!s) return status_response(s.status());
  Json view = store_json(*s);
  record_change(ctx, c, {"store.add", "store:" + s->id, std::nullopt, view});
  view["registers"] = Json::array();
  return {201, std::move(view)};
}

HttpResponse store_update(OfficeContext& ctx, const Call& c) {
  const std::string& id = c.params.at(0);
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  auto change = read_change(*body);
  if (!change) return status_response(change.status());
  auto before = find_store(ctx.store.sql(), id);
  if (!before) return status_response(before.status());
  if (!*before) return error_response(404, "not_found", "no store " + id);
  auto after = update_store(ctx.store.sql(), id, *change);
  if (!after) return status_response(after.status());
  if (store_json(**before) != store_json(*after))
    record_change(ctx, c,
                  {"store.update", "store:" + id, store_json(**before), store_json(*after)});
  return {200, store_json(*after)};
}

}  // namespace

std::vector<Route> store_routes() {
  return {{"GET", "/v1/admin/stores", kEveryone, store_list},
          {"POST", "/v1/admin/stores", kOwner | kTechnician, store_add},
          {"PUT", "/v1/admin/stores/{id}", kOwner | kTechnician, store_update}};
}

}  // namespace kopilka::office
