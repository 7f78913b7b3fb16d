// Campaigns (office.md "Notifications"): draft, count the recipients, send a test to
// oneself, start, follow the progress, stop. For the owner and the marketer; the auditor
// reads.
#include "office/campaigns.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

constexpr Roles kWriters = kOwner | kMarketer;
constexpr Roles kReaders = kOwner | kMarketer | kAuditor;

HttpResponse view_or_404(OfficeContext& ctx, const std::string& id, int status = 200) {
  auto v = campaign_view(ctx.store.sql(), id, ctx.store.settings().zone);
  if (!v) return status_response(v.status());
  if (!*v) return error_response(404, "not_found", "no campaign " + id);
  return {status, std::move(**v)};
}

core::Result<std::int64_t> recipients(OfficeContext& ctx, const Segment& s,
                                      const std::string& channel) {
  return count_recipients(ctx.store.sql(), s, channel, ctx.store.programs(), ctx.now(),
                          ctx.store.settings());
}

HttpResponse campaign_list(OfficeContext& ctx, const Call&) {
  auto l = list_campaigns(ctx.store.sql(), ctx.store.settings().zone);
  if (!l) return status_response(l.status());
  return {200, std::move(*l)};
}

HttpResponse campaign_count(OfficeContext& ctx, const Call& c) {
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  if (!body->is_object())
    return error_response(400, "invalid_request", "the body must be an object");
  std::string channel = body->value("channel", std::string("email"));
  if (channel != "email" && channel != "sms")
    return error_response(400, "invalid_request", "must be email or sms", "channel");
  auto segment = parse_segment(body->contains("segment") ? (*body)["segment"] : core::Json());
  if (!segment) return status_response(segment.status());
  auto n = recipients(ctx, *segment, channel);
  if (!n) return status_response(n.status());
  return {200, core::Json{{"recipients", *n}}};
}

HttpResponse create(OfficeContext& ctx, const Call& c) {
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  auto draft = parse_campaign(*body);
  if (!draft) return status_response(draft.status());
  auto n = recipients(ctx, draft->segment, draft->channel);
  if (!n) return status_response(n.status());
  auto id = create_campaign(ctx.store.sql(), *draft, c.actor, ctx.now());
  if (!id) return status_response(id.status());
  HttpResponse r = view_or_404(ctx, *id, 201);
  r.body["recipients"] = *n;
  record_change(ctx, c, {"campaign.create", "campaign:" + *id, std::nullopt, r.body});
  return r;
}

HttpResponse get(OfficeContext& ctx, const Call& c) {
  return view_or_404(ctx, c.params[0]);
}

// Whether office.toml sets up the campaign's channel: without it nothing of it is sent.
bool channel_ready(const NotifyConfig& notify, const std::string& channel) {
  return channel == "email" ? notify.email.has_value()
         : channel == "sms" ? notify.sms.has_value()
                            : false;
}

HttpResponse test_send(OfficeContext& ctx, const Call& c) {
  auto body = parse_body(c.req);
  if (!body) return status_response(body.status());
  if (!body->is_object() || !(*body)["to"].is_string() ||
      (*body)["to"].get<std::string>().empty() || (*body)["to"].get<std::string>().size() > 254)
    return error_response(400, "invalid_request", "give your e-mail address or phone", "to");
  const std::string to = (*body)["to"].get<std::string>();
  auto ready = [&ctx](const std::string& channel) {
    return channel_ready(ctx.config.notify, channel);
  };
  if (core::Status s = queue_test_send(ctx.store.sql(), c.params[0], to, ctx.now(), ready); !s) {
    if (s.code() == core::Code::kNotFound) return error_response(404, "not_found", s.message());
    if (s.code() == core::Code::kConflict)
      return error_response(409, "channel_not_configured", s.message());
    return status_response(s);
  }
  record_change(ctx, c,
                {"campaign.test", "campaign:" + c.params[0], std::nullopt, core::Json{{"to", to}}});
  return {202, core::Json{{"queued", true}, {"to", to}}};
}

HttpResponse change_state(OfficeContext& ctx, const Call& c, bool start) {
  auto before = campaign_view(ctx.store.sql(), c.params[0], ctx.store.settings().zone);
  if (!before) return status_response(before.status());
  if (!*before) return error_response(404, "not_found", "no campaign " + c.params[0]);
  // Started on a channel office.toml does not set up, it showed "running" for good with
  // nothing sent: refused, as its test send is.
  const std::string channel = (**before).value("channel", std::string());
  if (start && !channel_ready(ctx.config.notify, channel))
    return error_response(409, "channel_not_configured",
                          "head office has no " + channel +
                              " channel in office.toml ([notify]): nothing would send it");
  core::Status s = start ? start_campaign(ctx.store.sql(), c.params[0], ctx.now())
                         : stop_campaign(ctx.store.sql(), c.params[0]);
  if (s.code() == core::Code::kConflict) return error_response(409, "conflict", s.message());
  if (!s) return status_response(s);
  HttpResponse r = view_or_404(ctx, c.params[0]);
  record_change(
      ctx, c,
      {start ? "campaign.start" : "campaign.stop", "campaign:" + c.params[0],
       core::Json{{"state", (**before)["state"]}}, core::Json{{"state", r.body["state"]}}});
  return r;
}

}  // namespace

std::vector<Route> campaign_routes() {
  return {
      {"GET", "/v1/admin/campaigns", kReaders, campaign_list},
      {"POST", "/v1/admin/campaigns", kWriters, create},
      {"POST", "/v1/admin/campaigns/count", kReaders, campaign_count, false, false, true},
      {"GET", "/v1/admin/campaigns/{id}", kReaders, get},
      {"POST", "/v1/admin/campaigns/{id}/test", kWriters, test_send},
      {"POST", "/v1/admin/campaigns/{id}/start", kWriters,
       [](OfficeContext& ctx, const Call& c) { return change_state(ctx, c, true); }},
      {"POST", "/v1/admin/campaigns/{id}/stop", kWriters,
       [](OfficeContext& ctx, const Call& c) { return change_state(ctx, c, false); }},
  };
}

}  // namespace kopilka::office
