// Head office's staff paths as one table: method, path pattern, the roles allowed, and the
// handler. A path is reachable only through its row, so a new path cannot exist without a
// rule (tests/integration/test_office_roles.py walks the whole table for every role).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/http_types.h"
#include "office/actor.h"

namespace kopilka::office {

struct OfficeContext;

struct Call {
  const common::HttpRequest& req;
  const Actor& actor;               // empty `who` on a public route
  std::vector<std::string> params;  // the pattern's {…} segments, in order

  // The query string's value of `key` ("?limit=50"); empty when it is absent.
  std::string query(const char* key) const;
};

using RouteHandler = std::function<common::HttpResponse(OfficeContext&, const Call&)>;

struct Route {
  std::string method;   // "GET", "PUT", "POST", "DELETE"
  std::string pattern;  // "/v1/admin/cards/{number}/points"
  Roles roles;          // who may call it
  RouteHandler handler;
  bool is_public = false;               // no sign-in needed (/v1/auth/login)
  bool before_password_change = false;  // open to a session that must change its password
  // Walks many rows on the loop's thread (a one-shot export, a recipient count): held to
  // the loop's budget for such work (office/loop_budget.h), 429 beyond it.
  bool heavy = false;
};

// The row for `method` on `path`, filling `params`; null when none matches. `path_known`
// says whether another method would match (405 rather than 404).
const Route* match_route(const std::vector<Route>& routes, const std::string& method,
                         const std::vector<std::string>& parts, std::vector<std::string>* params,
                         bool* path_known);

// Every staff route: each group's rows, gathered in routes.cc.
const std::vector<Route>& staff_routes();

// Each group's rows (one file each).
std::vector<Route> program_routes();       // routes_admin.cc
std::vector<Route> card_routes();          // routes_admin.cc, routes_cards.cc
std::vector<Route> audit_routes();         // routes_audit.cc
std::vector<Route> fleet_routes();         // routes_fleet.cc
std::vector<Route> store_routes();         // routes_stores.cc
std::vector<Route> settings_routes();      // routes_settings.cc
std::vector<Route> export_routes();        // routes_exports.cc
std::vector<Route> auth_routes();          // routes_auth.cc
std::vector<Route> staff_admin_routes();   // routes_staff.cc
std::vector<Route> report_routes();        // routes_reports.cc
std::vector<Route> customer_routes();      // routes_customers.cc
std::vector<Route> notification_routes();  // routes_notifications.cc
std::vector<Route> campaign_routes();      // routes_campaigns.cc
std::vector<Route> preview_routes();       // routes_preview.cc

// GET of a path outside /v1/: the web admin's embedded files (routes_web.cc).
common::HttpResponse serve_web(const common::HttpRequest& req);

}  // namespace kopilka::office
