// GET /v1/health (no token) and POST /v1/shift/close: the register's state for the POS
// and the technician, and the end-of-shift backup and sync.
#include <spdlog/spdlog.h>

#include "daemon/app.h"
#include "drivers/scanner_manager.h"

namespace kopilka::daemon {

HttpResponse health(App& app) {
  core::Json scanners = core::Json::array();
  if (app.scanners) {
    for (const auto& h : app.scanners->health()) {
      core::Json s = {{"name", h.name}, {"state", h.state}};
      if (!h.message.empty()) s["message"] = h.message;
      scanners.push_back(std::move(s));
    }
  }
  auto pending = app.store->pending_entries();
  return {200, core::Json{{"status", "ok"},
                          {"version", "0.1.0"},
                          {"db", app.last_write_failed ? "unavailable" : "ok"},
                          {"office", "never"},
                          {"last_sync", nullptr},
                          {"pending", pending ? *pending : 0},
                          {"register_id", app.store->register_id()},
                          {"scanners", std::move(scanners)}}};
}

HttpResponse route_shift(App& app, const HttpRequest& req) {
  if (req.method != "POST") return error_response(405, "method_not_allowed", "use POST");
  auto body = parse_body(req);
  if (!body) return status_response(body.status());
  if (!body->is_object())
    return error_response(400, "invalid_request", "the body must be a JSON object");
  auto backup = app.store->backup(app.config.data_dir + "/backups", app.now(), 7);
  if (!backup) spdlog::warn("shift close backup failed: {}", backup.status().message());
  auto pending = app.store->pending_entries();
  return {200, core::Json{{"sync", "offline"},
                          {"pushed", 0},
                          {"pulled", 0},
                          {"pending", pending ? *pending : 0},
                          {"error", app.config.office
                                        ? "this register is not enrolled with head office yet"
                                        : "head office not configured"}}};
}

}  // namespace kopilka::daemon
