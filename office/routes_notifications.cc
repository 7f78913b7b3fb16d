// GET /v1/admin/notifications: the delivery log (one customer's with ?customer=ID), and
// GET /v1/unsubscribe: the link in every e-mail, a page that asks (office.md
// "Notifications"), POST /v1/unsubscribe: the answer, or the mail client's one-click
// unsubscribe (RFC 8058), and
// POST /v1/sms/inbound: the gateway's STOP replies (sms_inbound_route.cc), and
// POST /v1/admin/notifications/{id}/resend: support sends a message again.
#include <algorithm>

#include "office/consent_withdrawal.h"
#include "office/notify_config.h"
#include "office/notify_templates.h"
#include "office/outbox.h"
#include "office/route_table.h"
#include "office/routes.h"
#include "office/sms_inbound_route.h"
#include "office/unsubscribe.h"

namespace kopilka::office {

namespace {

HttpResponse delivery(OfficeContext& ctx, const Call& c) {
  std::int64_t limit = 200;
  if (auto l = c.query("limit"); !l.empty()) {
    if (l.size() > 4 || l.find_first_not_of("0123456789") != std::string::npos ||
        std::stoll(l) < 1 || std::stoll(l) > 1000)
      return error_response(400, "invalid_request", "must be a whole number from 1 to 1000",
                            "limit");
    limit = std::stoll(l);
  }
  auto log = delivery_log(ctx.store.sql(), c.query("customer"), ctx.store.settings().zone, limit);
  if (!log) return status_response(log.status());
  return {200, std::move(*log)};
}

HttpResponse page(int status, const std::string& title, const std::string& text,
                  const std::string& form = "") {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.text = "<!doctype html><html lang=\"ru\"><meta charset=\"utf-8\"><title>" + title +
           "</title><body style=\"font-family:sans-serif;max-width:32em;margin:4em auto\"><h1>" +
           title + "</h1><p>" + text + "</p>" + form + "</body></html>";
  return r;
}

HttpResponse invalid_link() {
  return page(400, "Ссылка недействительна / Invalid link",
              "Ссылка для отписки повреждена. This unsubscribe link is not valid.");
}

// Mail scanners and link previews open every link in a message: the GET only asks. The
// form posts back to this very URL (an empty action keeps its query), as the mail client's
// one-click POST does.
HttpResponse unsubscribe_page(OfficeContext& ctx, const Call& c) {
  core::Status s = check_unsubscribe_link(ctx.store.sql(), c.query("customer"), c.query("channel"),
                                          c.query("token"));
  if (s.code() == core::Code::kInvalid) return invalid_link();
  if (!s) return status_response(s);
  const bool sms = c.query("channel") == "sms";
  return page(200, "Отписаться? / Unsubscribe?",
              sms ? "Больше не получать от нас SMS? Stop receiving text messages from us?"
                  : "Больше не получать от нас письма? Stop receiving e-mails from us?",
              "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" "
              "value=\"One-Click\"><button type=\"submit\">Отписаться / "
              "Unsubscribe</button></form>");
}

// The customer's own choice: their consent on the channel is turned off where the desk sees
// it, with an audit entry whose who is the link.
HttpResponse unsubscribe_link(OfficeContext& ctx, const Call& c) {
  const std::string id = c.query("customer"), channel = c.query("channel");
  core::Status s = check_unsubscribe_link(ctx.store.sql(), id, channel, c.query("token"));
  if (s.code() == core::Code::kInvalid) return invalid_link();
  if (!s) return status_response(s);
  // A link from before a merge names the customer merged away: the person is the survivor.
  auto person = customer_now(ctx.store.sql(), id);
  if (!person) return status_response(person.status());
  auto withdrawn = withdraw_consent(ctx.store, *person, channel, ctx.now());
  if (!withdrawn) return status_response(withdrawn.status());
  if (*withdrawn) {
    Actor link;  // no role: the customer, through the link head office sent them
    link.who = kUnsubscribeActor;
    link.address = c.req.remote_address;
    record_change(
        ctx, Call{c.req, link, c.params},
        {"customer.unsubscribe", "customer:" + *person, (*withdrawn)->before, (*withdrawn)->after});
  } else if (core::Status kept =
                 unsubscribe(ctx.store.sql(), id, channel, c.query("token"), ctx.now());
             !kept) {
    return status_response(kept);  // a customer merged away since the mail: noted all the same
  }
  if (c.query("channel") == "sms")
    return page(200, "Вы отписались / Unsubscribed",
                "Мы больше не будем присылать вам SMS. You will receive no more text messages "
                "from us.");
  return page(200, "Вы отписались / Unsubscribed",
              "Мы больше не будем присылать вам письма. You will receive no more e-mails from us.");
}

// The {event}/{locale} of a template path, or the answer refusing it.
std::optional<HttpResponse> template_key(const Call& c, core::Locale* locale) {
  const auto& events = notification_events();
  if (std::find(events.begin(), events.end(), c.params[0]) == events.end())
    return error_response(404, "not_found", "no event " + c.params[0]);
  auto l = locale_from(c.params[1]);
  if (!l) return error_response(404, "not_found", "the language is ru or en");
  *locale = *l;
  return std::nullopt;
}

core::Result<MessageText> template_body(const Call& c, const MessageText& fallback) {
  auto body = parse_body(c.req);
  if (!body) return body.status();
  if (!body->is_object()) return core::Status::invalid("the body must be a JSON object");
  MessageText t = fallback;
  for (const char* key : {"subject", "text"}) {
    if (!body->contains(key)) continue;
    if (!(*body)[key].is_string()) return core::Status::invalid("must be a string", key);
    (std::string(key) == "subject" ? t.subject : t.text) = (*body)[key].get<std::string>();
  }
  return t;
}

HttpResponse templates(OfficeContext& ctx, const Call&) {
  auto list = list_event_templates(ctx.store.sql());
  if (!list) return status_response(list.status());
  return {200, std::move(*list)};
}

core::Json template_json(const MessageText& t) {
  return {{"subject", t.subject}, {"text", t.text}};
}

HttpResponse put_template(OfficeContext& ctx, const Call& c) {
  core::Locale locale{};
  if (auto refused = template_key(c, &locale)) return *refused;
  auto before = event_template(ctx.store.sql(), c.params[0], locale);
  if (!before) return status_response(before.status());
  auto t = template_body(c, MessageText{});
  if (!t) return status_response(t.status());
  if (core::Status s = check_event_template(c.params[0], *t, locale); !s)
    return error_response(400, "invalid_template", s.message(), s.field());
  if (core::Status s = put_event_template(ctx.store.sql(), c.params[0], locale, *t); !s)
    return status_response(s);
  record_change(ctx, c,
                {"template.update", "template:" + c.params[0] + ":" + c.params[1],
                 template_json(*before), template_json(*t)});
  return {200, core::Json{{"event", c.params[0]},
                          {"locale", c.params[1]},
                          {"subject", t->subject},
                          {"text", t->text}}};
}

HttpResponse reset_template(OfficeContext& ctx, const Call& c) {
  core::Locale locale{};
  if (auto refused = template_key(c, &locale)) return *refused;
  auto before = event_template(ctx.store.sql(), c.params[0], locale);
  if (!before) return status_response(before.status());
  auto removed = reset_event_template(ctx.store.sql(), c.params[0], locale);
  if (!removed) return status_response(removed.status());
  if (*removed)
    record_change(ctx, c,
                  {"template.reset", "template:" + c.params[0] + ":" + c.params[1],
                   template_json(*before), template_json(default_template(c.params[0], locale))});
  MessageText now = default_template(c.params[0], locale);
  return {200, core::Json{{"event", c.params[0]},
                          {"locale", c.params[1]},
                          {"subject", now.subject},
                          {"text", now.text}}};
}

// What a template (the body's, or the one in force) says with sample values.
HttpResponse preview_template(OfficeContext& ctx, const Call& c) {
  core::Locale locale{};
  if (auto refused = template_key(c, &locale)) return *refused;
  auto current = event_template(ctx.store.sql(), c.params[0], locale);
  if (!current) return status_response(current.status());
  auto t = c.req.body.empty() ? core::Result<MessageText>(*current) : template_body(c, *current);
  if (!t) return status_response(t.status());
  if (core::Status s = check_event_template(c.params[0], *t, locale); !s)
    return error_response(400, "invalid_template", s.message(), s.field());
  auto shown = render_text(*t, sample_payload(c.params[0]), "Анна Петрова", locale);
  if (!shown) return error_response(400, "invalid_template", shown.status().message());
  return {200, core::Json{{"subject", shown->subject}, {"text", shown->text}}};
}

// Support's resend (office.md "Who uses it"): a message sent, failed or suppressed goes out
// again as a new delivery, for the customer who says it never came.
HttpResponse resend(OfficeContext& ctx, const Call& c) {
  auto fresh = resend_message(ctx.store.sql(), c.params[0], ctx.now());
  if (!fresh) {
    if (fresh.status().code() == core::Code::kNotFound)
      return error_response(404, "not_found", fresh.status().message());
    if (fresh.status().code() == core::Code::kConflict)
      return error_response(409, "still_queued", fresh.status().message());
    if (fresh.status().code() == core::Code::kInvalid)
      return error_response(409, "test_send", fresh.status().message());
    if (fresh.status().code() == core::Code::kUnavailable)
      return error_response(429, "too_many_resends", fresh.status().message());
    return status_response(fresh.status());
  }
  record_change(ctx, c,
                {"notification.resend", "notification:" + c.params[0], std::nullopt,
                 core::Json{{"id", *fresh}}});
  return {202, core::Json{{"id", *fresh}, {"state", "queued"}, {"resends", c.params[0]}}};
}

}  // namespace

std::vector<Route> notification_routes() {
  Route unsub_page{"GET", "/v1/unsubscribe", kNobody, unsubscribe_page};
  unsub_page.is_public = true;
  Route unsub{"POST", "/v1/unsubscribe", kNobody, unsubscribe_link};
  unsub.is_public = true;
  Route sms_inbound{"POST", "/v1/sms/inbound", kNobody, sms_inbound_route};
  sms_inbound.is_public = true;
  return {
      {"GET", "/v1/admin/notifications", kOwner | kMarketer | kSupport | kAuditor, delivery},
      {"GET", "/v1/admin/notifications/templates", kOwner | kMarketer | kSupport | kAuditor,
       templates},
      {"POST", "/v1/admin/notifications/{id}/resend", kOwner | kSupport, resend},
      {"PUT", "/v1/admin/notifications/templates/{event}/{locale}", kOwner | kMarketer,
       put_template},
      {"DELETE", "/v1/admin/notifications/templates/{event}/{locale}", kOwner | kMarketer,
       reset_template},
      {"POST", "/v1/admin/notifications/templates/{event}/{locale}/preview",
       kOwner | kMarketer | kSupport | kAuditor, preview_template},
      unsub_page,
      unsub,
      sms_inbound,
  };
}

}  // namespace kopilka::office
