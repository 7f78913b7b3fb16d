// The daemon's state, wired once in main and shared by the routes: configuration, the
// store, the parsed programs, the event bus and the clock. Single-threaded: everything
// here is touched only from the event loop.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "common/http_types.h"
#include "core/engine.h"
#include "daemon/event_bus.h"
#include "register/config.h"
#include "register/store.h"

namespace kopilka::drivers {
class ScannerManager;
}
namespace kopilka::daemon {
class Syncer;
}

namespace kopilka::daemon {

using common::error_response;
using common::HttpRequest;
using common::HttpResponse;
using common::Respond;
using common::status_response;

struct App {
  asio::io_context& io;
  DaemonConfig config;  // config.settings: the file's, with head office's chain settings over
  std::unique_ptr<Store> store;
  core::ProgramSet programs;
  std::unique_ptr<EventBus> events;
  drivers::ScannerManager* scanners = nullptr;  // owned by main; null when none configured
  std::function<core::Instant()> now;
  bool last_write_failed = false;  // storage answered FULL/IOERR; cleared by the next success
  // A write has succeeded since start: until then /v1/health never says "db": "ok" (a
  // register restarted on a full disk reads fine and cannot write).
  bool write_confirmed = false;
  Syncer* syncer = nullptr;        // owned by main; null in unit tests
  core::Settings file_settings{};  // the config file's own settings
  core::Json office_settings{};    // head office's chain settings as pulled; null: none yet
  // write() calls running, nested ones within a request's transaction included, and the
  // log lines said within them: a line says "confirmed" only once the outermost COMMIT is
  // on disk (a nested write succeeds, then the disk may still refuse the commit).
  int writes_running = 0;
  std::vector<std::string> said_when_durable{};

  Status reload_programs();
  // config.settings = file_settings with the stored chain settings over them
  // (register/chain_settings.h).
  Status reload_settings();
  std::string now_text() const { return core::format_rfc3339(now(), config.settings.zone); }
  // Once enrolled with head office, programs and cards are managed there.
  bool managed_by_office() const;
};

// Dispatches one request (authentication included) and answers through `respond`.
void handle_request(App& app, HttpRequest req, Respond respond);

// Route groups, each answering the paths under it.
HttpResponse route_cards(App& app, const HttpRequest& req, const std::vector<std::string>& parts);
HttpResponse route_receipts(App& app, const HttpRequest& req,
                            const std::vector<std::string>& parts);
HttpResponse route_wallet(App& app, const HttpRequest& req, const std::vector<std::string>& parts);
HttpResponse route_admin(App& app, const HttpRequest& req, const std::vector<std::string>& parts);
void route_shift(App& app, const HttpRequest& req, Respond respond);   // answers after the sync
void route_sync(App& app, const HttpRequest& req, Respond respond);    // /v1/admin/sync
void route_events(App& app, const HttpRequest& req, Respond respond);  // may answer later
HttpResponse health(App& app);

// A card with the time effects due at `at` (birthday grants) journalled and applied: they
// depend on `at` alone (programs.md "Units"), as the engine counts them.
core::Result<std::optional<core::CardState>> load_settled_card(App& app, const std::string& number,
                                                               core::Instant at);

// Helpers shared by the routes.
core::Result<core::Json> parse_body(const HttpRequest& req);
core::Result<core::Instant> query_at(App& app, const HttpRequest& req);
// A body's idempotency hash: SHA-256 of its plain JSON text (json_plain, then dump), so
// the same request with other spacing or key order is the same request.
std::string body_hash(const core::Json& body);
// The same from that plain text, for a route that keeps the text too (confirm).
std::string plain_body_hash(const std::string& plain_text);
// Runs a write transaction, turning storage failures into 503 storage_unavailable and
// remembering them for /v1/health (the outermost one: a nested write is only part of it).
Status write(App& app, const std::function<Status()>& body);
// Logs `line` at info once the write running now has committed, or at once outside one;
// dropped if that write fails.
void say_when_durable(App& app, std::string line);
// "****0015": card numbers never appear whole in logs.
std::string masked(const std::string& card);

}  // namespace kopilka::daemon
