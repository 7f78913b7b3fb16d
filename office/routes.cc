// Head office dispatch and authentication; see routes.h.
#include "office/routes.h"

#include <spdlog/spdlog.h>

#include "office/auth.h"
#include "office/card_data_guard.h"
#include "office/office_epoch.h"
#include "office/route_table.h"
#include "office/url_escape.h"

namespace kopilka::office {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string cur;
  // A segment arrives percent-encoded ("/v1/admin/customers/%D0%B8%D0%B4-1"): split on the
  // slashes first, so an id holding an encoded '/' stays one segment.
  const auto end_segment = [&] {
    if (!cur.empty()) parts.push_back(url_unescape(cur));
    cur.clear();
  };
  for (char c : path) {
    if (c == '/')
      end_segment();
    else
      cur += c;
  }
  end_segment();
  return parts;
}

core::Result<core::Json> parse_body(const HttpRequest& req) {
  return common::request_json(req.body);
}

std::string csv_text(std::string text, const HttpRequest& req) {
  auto bom = req.query.find("bom");
  if (bom != req.query.end() && bom->second == "1") text.insert(0, "\xEF\xBB\xBF");
  return text;
}

core::Result<core::Instant> at_param(OfficeContext& ctx, const std::string& text) {
  if (text.empty()) return ctx.now();
  // An unescaped '+' of an offset arrives as a space after query decoding.
  std::string fixed = text;
  if (fixed.size() > 19 && fixed[fixed.size() - 6] == ' ') fixed[fixed.size() - 6] = '+';
  auto at = core::parse_business_time(fixed);
  if (!at) return core::Status::invalid(at.status().message(), "at");
  return *at;
}

namespace {

// How long /v1/health says "db": "unavailable" after a caller was told so, in seconds.
constexpr core::Instant kStorageFailureShown = 60;

// The database's own words (libpq's, several lines, naming hosts) stay in the log: a
// caller, maybe not signed in, is told only that head office cannot answer now. A push's
// refusal is logged already, with its register (sync_log.h).
common::Respond database_errors_logged(OfficeContext& ctx, const HttpRequest& req,
                                       common::Respond respond) {
  const bool logged_as_push = req.path == "/v1/sync/push";
  return [&ctx, respond = std::move(respond), what = req.method + " " + req.path,
          logged_as_push](HttpResponse r) {
    if (r.status == 503 && r.body.is_object() && r.body.contains("error") &&
        r.body["error"].value("code", "") == "storage_unavailable") {
      ctx.storage_failed_at = ctx.now();
      if (!logged_as_push) spdlog::warn("{}: 503: {}", what, r.body["error"].value("message", ""));
      r.body["error"]["message"] = "head office's database is unavailable: try again shortly";
    }
    respond(std::move(r));
  };
}

bool has_header(const HttpResponse& r, const char* name) {
  for (const auto& [key, value] : r.headers)
    if (key == name) return true;
  return false;
}

// The API's answers hold customers' data: no browser or proxy keeps a copy, none is read as
// another type than it says, and the unsubscribe page (HTML) runs nothing and is framed by
// nobody. The web admin's files set their own (routes_web.cc), HSTS aside.
common::Respond security_headers_added(const OfficeContext& ctx, const HttpRequest& req,
                                       common::Respond respond) {
  // Served over TLS itself, head office tells browsers to never come back over plain HTTP.
  const bool tls = !ctx.config.tls_cert.empty();
  const bool api = req.path.rfind("/v1/", 0) == 0;
  if (!api && !tls) return respond;
  return [respond = std::move(respond), api, tls](HttpResponse r) {
    if (tls) r.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
    if (!api) return respond(std::move(r));
    if (!has_header(r, "X-Content-Type-Options"))
      r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (!has_header(r, "Cache-Control")) r.headers.emplace_back("Cache-Control", "no-store");
    if (r.content_type.rfind("text/html", 0) == 0) {
      r.headers.emplace_back("Content-Security-Policy",
                             "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                             "frame-ancestors 'none'");
      r.headers.emplace_back("X-Frame-Options", "DENY");
    }
    respond(std::move(r));
  };
}

// A register learns from any sync answer whether head office's database is still the
// history it synced with (office_epoch.h).
common::Respond epoch_added(const OfficeContext& ctx, const HttpRequest& req,
                            common::Respond respond) {
  if (ctx.epoch.empty() || req.path.rfind("/v1/sync/", 0) != 0) return respond;
  return [respond = std::move(respond), epoch = ctx.epoch](HttpResponse r) {
    r.headers.emplace_back(kEpochHeader, epoch);
    respond(std::move(r));
  };
}

void handle_from_client(OfficeContext& ctx, const HttpRequest& req, common::Respond respond) {
  // One spelling per resource: "//v1/…" reached the API's handlers without the API's
  // headers (no-store, nosniff), which are chosen by the path's prefix.
  if (req.path.find("//") != std::string::npos) {
    HttpResponse none = error_response(404, "not_found", "no such path");
    none.headers.emplace_back("X-Content-Type-Options", "nosniff");
    none.headers.emplace_back("Cache-Control", "no-store");
    return respond(std::move(none));
  }
  respond = security_headers_added(ctx, req, std::move(respond));
  respond = epoch_added(ctx, req, std::move(respond));
  respond = database_errors_logged(ctx, req, std::move(respond));
  if (!req.query_malformed && req.path == "/v1/sync/push")
    return route_push(ctx, req, std::move(respond));
  if (ctx.passwords && !req.query_malformed && req.method == "POST" && req.path == "/v1/auth/login")
    return route_sign_in(ctx, req, std::move(respond));
  respond(route(ctx, req));
}

}  // namespace

void record_change(OfficeContext& ctx, const Call& call, const AuditRecord& record) {
  // An edit that changed nothing (the same values sent again) is no change: its entry had
  // identical before and after, noise an auditor must read past.
  if (record.before && record.after && *record.before == *record.after) return;
  if (core::Status s = append_audit(ctx.store.sql(), call.actor, ctx.now(), record); !s)
    spdlog::error("audit: {} {} by {} was made but not recorded: {}", record.action, record.object,
                  call.actor.who, s.message());
}

void record_birthday_gift(OfficeContext& ctx, const Call& call, const std::string& number,
                          std::int64_t points) {
  record_change(ctx, call,
                {"card.birthday_gift", "card:" + number, std::nullopt,
                 core::Json{{"points", points}, {"account", account_of(ctx, call.actor)}}});
}

void handle(OfficeContext& ctx, const HttpRequest& req, common::Respond respond) {
  if (!ctx.config.trusted_proxies.empty() &&
      is_trusted_proxy(ctx.config.trusted_proxies, req.remote_address)) {
    // Behind a proxy: limits, the audit log and the fleet see the client, not the proxy.
    HttpRequest behind = req;
    behind.remote_address =
        client_address(ctx.config.trusted_proxies, req.remote_address, req.forwarded_for);
    return handle_from_client(ctx, behind, std::move(respond));
  }
  handle_from_client(ctx, req, std::move(respond));
}

const std::vector<Route>& staff_routes() {
  static const std::vector<Route> all = [] {
    std::vector<Route> routes;
    for (auto group :
         {program_routes, card_routes, audit_routes, fleet_routes, store_routes, settings_routes,
          export_routes, auth_routes, staff_admin_routes, report_routes, customer_routes,
          notification_routes, campaign_routes, preview_routes}) {
      auto rows = group();
      routes.insert(routes.end(), std::make_move_iterator(rows.begin()),
                    std::make_move_iterator(rows.end()));
    }
    return routes;
  }();
  return all;
}

HttpResponse route(OfficeContext& ctx, const HttpRequest& req) {
  if (req.query_malformed)
    return error_response(400, "invalid_request", "the query string is malformed");
  auto parts = split_path(req.path);
  if (req.method == "GET" && (parts.empty() || parts[0] != "v1")) return serve_web(req);
  if (parts.size() < 2 || parts[0] != "v1") return error_response(404, "not_found", "no such path");
  if (parts[1] == "health" && parts.size() == 2) {
    if (req.method != "GET") return error_response(405, "method_not_allowed", "use GET");
    const bool failing =
        ctx.storage_failed_at != 0 && ctx.now() - ctx.storage_failed_at < kStorageFailureShown;
    return {200, core::Json{{"status", "ok"},
                            {"service", "kopilka-office"},
                            {"version", "0.1.0"},
                            {"protocol", kProtocolVersion},
                            {"db", failing ? "unavailable" : "ok"}}};
  }
  if (parts[1] == "sync") return route_sync(ctx, req, parts);

  std::vector<std::string> params;
  bool path_known = false;
  const Route* r = match_route(staff_routes(), req.method, parts, &params, &path_known);
  if (!r) {
    return path_known
               ? error_response(405, "method_not_allowed", "this path does not take " + req.method)
               : error_response(404, "not_found", "no such path");
  }
  if (auto refused = refuse_card_data(req)) return std::move(*refused);
  if (r->is_public) return r->handler(ctx, Call{req, Actor{}, std::move(params)});
  auto who = identify(ctx, req);
  if (auto* refused = std::get_if<HttpResponse>(&who)) return std::move(*refused);
  const Actor& actor = std::get<Actor>(who);
  if (actor.must_change_password && !r->before_password_change)
    return error_response(403, "password_change_required",
                          "change the one-time password first (POST /v1/auth/password)");
  if ((r->roles & actor.role) == 0)
    return error_response(403, "forbidden",
                          std::string("the ") + to_string(actor.role) + " role cannot do this");
  if (!r->heavy) return r->handler(ctx, Call{req, actor, std::move(params)});
  const auto start = LoopBudget::Clock::now();
  std::chrono::seconds wait{0};
  if (!ctx.heavy.admit(start, &wait)) {
    HttpResponse busy = error_response(
        429, "busy",
        "head office is busy with other exports and counts; try again in " +
            std::to_string(wait.count()) + " s (or use an export job: POST /v1/admin/export-jobs)");
    busy.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return busy;
  }
  HttpResponse answer = r->handler(ctx, Call{req, actor, std::move(params)});
  ctx.heavy.spent(start, LoopBudget::Clock::now());
  return answer;
}

}  // namespace kopilka::office
