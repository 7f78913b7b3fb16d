// GET|PUT /v1/admin/settings: the chain settings (office/chain_settings.h). Everyone reads
// them; only the owner changes them, and each change is audited as settings.update.
#include "office/chain_settings.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

HttpResponse get_settings(OfficeContext& ctx, const Call&) {
  auto current = load_chain_settings(ctx.store, ctx.config);
  if (!current) return status_response(current.status());
  return {200, settings_json(*current)};
}

HttpResponse put_settings(OfficeContext& ctx, const Call& call) {
  auto body = parse_body(call.req);
  if (!body) return status_response(body.status());
  auto current = load_chain_settings(ctx.store, ctx.config);
  if (!current) return status_response(current.status());
  auto next = merge_settings(*current, *body);
  if (!next) return status_response(next.status());
  std::string document = settings_document(*next);
  // Saving the same values again changes nothing: no new number for every register to pull.
  if (current->saved && settings_document(*current) == document) return {200, settings_json(*next)};
  if (core::Status s = ctx.store.put_chain_settings(document); !s) return status_response(s);
  record_change(ctx, call,
                {"settings.update", "settings:chain",
                 core::Json::parse(settings_document(*current)), core::Json::parse(document)});
  return {200, settings_json(*next)};
}

}  // namespace

std::vector<Route> settings_routes() {
  return {
      {"GET", "/v1/admin/settings", kEveryone, get_settings},
      {"PUT", "/v1/admin/settings", kOwner, put_settings},
  };
}

}  // namespace kopilka::office
