// Request dispatch, authentication and the helpers the route groups share.
#include <filesystem>

#include <spdlog/spdlog.h>

#include "common/db.h"
#include "common/secrets.h"
#include "daemon/app.h"
#include "drivers/scanner_manager.h"

namespace kopilka::daemon {

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : path) {
    if (c == '/') {
      if (!cur.empty()) parts.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(std::move(cur));
  return parts;
}

enum class Role { kNone, kPos, kAdmin };

Role role_of(const App& app, const HttpRequest& req) {
  const std::string prefix = "Bearer ";
  if (req.authorization.rfind(prefix, 0) != 0) return Role::kNone;
  std::string token = req.authorization.substr(prefix.size());
  if (common::equal_constant_time(token, app.config.admin_token)) return Role::kAdmin;
  if (common::equal_constant_time(token, app.config.pos_token)) return Role::kPos;
  return Role::kNone;
}

void events(App& app, const HttpRequest& req, Respond respond) {
  if (req.method != "GET") return respond(error_response(405, "method_not_allowed", "use GET"));
  auto number = [&](const char* key, std::int64_t fallback,
                    std::int64_t max) -> core::Result<std::int64_t> {
    auto it = req.query.find(key);
    if (it == req.query.end()) return fallback;
    const std::string& v = it->second;
    if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
      return Status::invalid("must be a whole number", key);
    std::int64_t n = std::stoll(v);
    return std::min(n, max);
  };
  auto after = number("after", 0, INT64_MAX);
  if (!after) return respond(status_response(after.status()));
  auto wait = number("wait", 0, 60);
  if (!wait) return respond(status_response(wait.status()));
  app.events->poll(*after, static_cast<int>(*wait), std::move(respond));
}

}  // namespace

Status App::reload_programs() {
  auto docs = store->program_documents();
  if (!docs) return docs.status();
  auto set = core::ProgramSet::build(*docs);
  if (!set) return Status::corrupt("stored programs are invalid: " + set.status().message());
  programs = std::move(*set);
  return Status::ok();
}

bool App::managed_by_office() const {
  std::error_code ec;
  return std::filesystem::exists(config.data_dir + "/office.credential", ec);
}

core::Result<core::Json> parse_body(const HttpRequest& req) {
  auto j = core::parse_json_exact(req.body.empty() ? "{}" : req.body);
  if (!j) return Status::invalid(j.status().message());
  return *j;
}

core::Result<core::Instant> query_at(App& app, const HttpRequest& req) {
  auto it = req.query.find("at");
  if (it == req.query.end() || it->second.empty()) return app.now();
  std::string text = it->second;
  // An unescaped '+' of an offset arrives as a space after query decoding.
  if (text.size() > 19 && text[text.size() - 6] == ' ') text[text.size() - 6] = '+';
  auto at = core::parse_rfc3339(text);
  if (!at) return Status::invalid(at.status().message(), "at");
  return *at;
}

std::string body_hash(const core::Json& body) {
  return common::sha256_hex(core::json_plain(body).dump());
}

Status write(App& app, const std::function<Status()>& body) {
  Status s = common::in_transaction(app.store->db(), body);
  if (s.code() == core::Code::kUnavailable) {
    if (!app.last_write_failed) spdlog::error("storage unavailable: {}", s.message());
    app.last_write_failed = true;
  } else if (s.is_ok() && app.last_write_failed) {
    spdlog::info("storage writes succeed again");
    app.last_write_failed = false;
  }
  return s;
}

std::string masked(const std::string& card) {
  return card.size() <= 4 ? "****" : "****" + card.substr(card.size() - 4);
}

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

void handle_request(App& app, HttpRequest req, Respond respond) {
  if (req.query_malformed)
    return respond(error_response(400, "invalid_request", "the query string is malformed"));
  auto parts = split_path(req.path);
  if (parts.size() < 2 || parts[0] != "v1")
    return respond(error_response(404, "not_found", "no such path"));
  const std::string& group = parts[1];
  if (group == "health" && parts.size() == 2) {
    if (req.method != "GET") return respond(error_response(405, "method_not_allowed", "use GET"));
    return respond(health(app));
  }
  Role role = role_of(app, req);
  if (role == Role::kNone)
    return respond(
        error_response(401, "unauthorized", "a valid Authorization: Bearer token is required"));
  if (group == "admin") {
    if (role != Role::kAdmin)
      return respond(error_response(403, "forbidden", "admin paths need the admin token"));
    return respond(route_admin(app, req, parts));
  }
  if (group == "cards") return respond(route_cards(app, req, parts));
  if (group == "receipts") return respond(route_receipts(app, req, parts));
  if (group == "events" && parts.size() == 2) return events(app, req, std::move(respond));
  if (group == "shift" && parts.size() == 3 && parts[2] == "close")
    return respond(route_shift(app, req));
  respond(error_response(404, "not_found", "no such path"));
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
