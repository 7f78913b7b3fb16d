// GET /v1/health (no token), POST /v1/shift/close and /v1/admin/sync: the register's
// state for the POS and the technician, the end-of-shift backup and sync, and sync on
// demand (`kopilka sync now|status`).
#include <spdlog/spdlog.h>

#include <string_view>

#include "core/receipt_request.h"
#include "core/utf8_length.h"
#include "daemon/app.h"
#include "daemon/syncer.h"
#include "drivers/scanner_manager.h"

namespace kopilka::daemon {

namespace {

// Starts a sync and answers with its summary once it is over.
// The shift's backup beside the sync's answer: the file made, or why none was (a full disk),
// so neither the POS nor `kopilka shift close` reports a backup that is not there.
Respond with_backup(Respond respond, const core::Result<std::string>& backup) {
  core::Json file = backup ? core::Json(*backup) : core::Json(nullptr);
  core::Json error = backup ? core::Json(nullptr) : core::Json(backup.status().message());
  return [respond = std::move(respond), file = std::move(file),
          error = std::move(error)](HttpResponse r) {
    if (r.body.is_object()) {
      r.body["backup"] = file;
      r.body["backup_error"] = error;
    }
    respond(std::move(r));
  };
}

void answer_after_sync(App& app, Respond respond) {
  if (!app.syncer) {
    SyncSummary s;
    s.result = "offline";
    s.error = "head office not configured";
    auto pending = app.store->pending_entries();
    s.pending = pending ? *pending : 0;
    return respond({200, s.to_json()});
  }
  app.syncer->sync_now([respond = std::move(respond)](const SyncSummary& s) {
    respond({200, s.to_json()});
  });
}

// "unavailable" after a failed write; "checking" until the integrity check and a first
// write at start have both succeeded; then "ok" or "damaged".
const char* db_state(const App& app) {
  if (app.last_write_failed) return "unavailable";
  const char* integrity = app.store->integrity_state();
  if (std::string_view(integrity) == "ok" && !app.write_confirmed) return "checking";
  return integrity;
}

}  // namespace

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
  auto refused = app.store->refused_count();
  std::optional<std::string> last_sync = app.syncer ? app.syncer->last_sync() : std::nullopt;
  // pos-api.md's online|offline|never, and office.md's "refused" for a register head office
  // revoked ("Fleet": its health says so); `office_refused` says the same as a flag.
  const std::string office = app.syncer ? app.syncer->office_state() : "never";
  const bool refused_by_office = office == "refused";
  // `service` tells the technician's kopilka that it reached the register, not another
  // program on its port (head office answers "kopilka-office"), before it sends a token.
  return {200, core::Json{{"status", "ok"},
                          {"service", "kopilkad"},
                          {"version", "0.1.0"},
                          {"db", db_state(app)},
                          {"office", office},
                          {"office_refused", refused_by_office},
                          {"last_sync", last_sync ? core::Json(*last_sync) : core::Json(nullptr)},
                          {"pending", pending ? *pending : 0},
                          {"refused", refused ? *refused : 0},
                          {"register_id", app.store->register_id()},
                          {"scanners", std::move(scanners)}}};
}

void route_shift(App& app, const HttpRequest& req, Respond respond) {
  if (req.method != "POST") return respond(error_response(405, "method_not_allowed", "use POST"));
  auto body = parse_body(req);
  if (!body) return respond(status_response(body.status()));
  if (!body->is_object())
    return respond(error_response(400, "invalid_request", "the body must be a JSON object"));
  // {"shift_id", "at"}, both optional: checked like every other body (a typo is named,
  // not ignored); the shift id goes to the log.
  for (const auto& [key, value] : body->items()) {
    if (key == "shift_id") {
      if (!value.is_string() || core::utf8_length(value.get<std::string>()) > 256)
        return respond(
            error_response(400, "invalid_request", "must be a string up to 256 characters", key));
      if (core::Status p = core::check_id_text(value.get<std::string>(), key); !p)
        return respond(status_response(p));
    } else if (key == "at") {
      if (!value.is_string() || !core::parse_business_time(value.get<std::string>()))
        return respond(error_response(400, "invalid_request", "must be an RFC 3339 time", key));
    } else {
      return respond(error_response(400, "invalid_request", "unknown field", key));
    }
  }
  const std::string shift = body->value("shift_id", std::string("-"));
  auto backup = app.store->backup(app.config.data_dir + "/backups", app.now(), 7);
  if (backup)
    spdlog::info("shift {} closed: backup {}; syncing", shift, *backup);
  else
    spdlog::warn("shift {} closed: the backup FAILED ({}); syncing", shift,
                 backup.status().message());
  answer_after_sync(app, with_backup(std::move(respond), backup));
}

void route_sync(App& app, const HttpRequest& req, Respond respond) {
  if (req.method == "GET") {
    if (!app.syncer) return respond({200, core::Json{{"office", "never"}, {"enrolled", false}}});
    return respond({200, app.syncer->status_json()});
  }
  if (req.method != "POST")
    return respond(error_response(405, "method_not_allowed", "use GET or POST"));
  answer_after_sync(app, std::move(respond));
}

}  // namespace kopilka::daemon
