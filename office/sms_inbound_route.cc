// The gateway's inbound SMS call (sms_inbound_route.h): the secret as a bearer token or a
// `secret` query parameter (gateways that can only be given a URL), then STOP handled.
#include "office/sms_inbound_route.h"

#include "common/secrets.h"
#include "office/sms_inbound.h"

namespace kopilka::office {

namespace {

std::string presented_secret(const HttpRequest& req) {
  if (std::string token = common::bearer_token(req.authorization); !token.empty()) return token;
  auto it = req.query.find("secret");
  return it == req.query.end() ? std::string() : it->second;
}

}  // namespace

HttpResponse sms_inbound_route(OfficeContext& ctx, const Call& call) {
  const auto& sms = ctx.config.notify.sms;
  if (!sms || sms->inbound_secret.empty())
    return error_response(404, "not_found", "inbound SMS are not configured");
  if (!common::equal_constant_time(presented_secret(call.req), sms->inbound_secret))
    return error_response(401, "unauthorized", "the inbound SMS secret is wrong");
  auto in = parse_inbound_sms(call.req.body);
  if (!in) return status_response(in.status());
  core::Json ids = core::Json::array();
  if (!is_stop_reply(in->text)) return {200, core::Json{{"stop", false}, {"customers", ids}}};
  auto stopped = stop_sms(ctx.store, in->phone, ctx.now());
  if (!stopped) return status_response(stopped.status());
  Actor gateway;  // no role: the audit's who is the gateway itself
  gateway.who = kSmsGatewayActor;
  gateway.address = call.req.remote_address;
  const Call as_gateway{call.req, gateway, call.params};
  for (const auto& s : *stopped) {
    record_change(ctx, as_gateway, {"customer.sms_stop", "customer:" + s.id, s.before, s.after});
    ids.push_back(s.id);
  }
  return {200, core::Json{{"stop", true}, {"customers", std::move(ids)}}};
}

}  // namespace kopilka::office
